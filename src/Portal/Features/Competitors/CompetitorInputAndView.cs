namespace Portal.Features.Competitors;

/// <summary>Where one fact came from (a link or a few words) and the day it was seen there; both empty means no source.</summary>
public sealed record SourceInput(CompetitorFact Fact, string Source, DateOnly? SeenOn);

/// <summary>A company as a page sends it. Sources are per fact, at most one each, in any order.</summary>
public sealed record CompanyInput(
    string Name,
    string Website,
    string Segment,
    string Pricing,
    FundingStage FundingStage,
    string Strengths,
    string Weaknesses,
    IReadOnlyList<SourceInput> Sources)
{
    public static CompanyInput Blank(string name = "") => new(name, "", "", "", FundingStage.Unknown, "", "", []);

    /// <summary>Equal in every field, the sources compared as a set (by fact) and empty ones ignored.</summary>
    public bool SameAs(CompanyInput other) =>
        (Name, Website, Segment, Pricing, FundingStage, Strengths, Weaknesses) == (other.Name, other.Website, other.Segment, other.Pricing, other.FundingStage, other.Strengths, other.Weaknesses)
        && Filled(Sources).SetEquals(Filled(other.Sources));

    private static HashSet<SourceInput> Filled(IEnumerable<SourceInput> sources) =>
        [.. sources.Where(s => s.Source.Trim().Length > 0 || s.SeenOn is not null).Select(s => s with { Source = s.Source.Trim() })];
}

public sealed record SourceView(CompetitorFact Fact, string Source, DateOnly? SeenOn);

/// <summary>A company (a competitor or the team's own) as pages, events and conflicts carry it.</summary>
public sealed record CompanyView(
    Guid Id,
    string Name,
    bool IsOwnCompany,
    string Website,
    string Segment,
    string Pricing,
    FundingStage FundingStage,
    string Strengths,
    string Weaknesses,
    IReadOnlyList<SourceView> Sources,
    int Position,
    Guid Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public SourceView? SourceOf(CompetitorFact fact) => Sources.FirstOrDefault(s => s.Fact == fact);

    public CompanyInput ToInput() => new(Name, Website, Segment, Pricing, FundingStage, Strengths, Weaknesses, [.. Sources.Select(s => new SourceInput(s.Fact, s.Source, s.SeenOn))]);

    internal static CompanyView Of(Competitor c) => new(
        c.Id, c.Name, c.IsOwnCompany, c.Website, c.Segment, c.Pricing, c.FundingStage, c.Strengths, c.Weaknesses,
        [.. c.Sources.OrderBy(s => s.Fact).Select(s => new SourceView(s.Fact, s.Source, s.SeenOn))],
        c.Position, c.Version, c.CreatedAt, c.UpdatedAt);
}

/// <summary>The competitive strategy as a page sends it: the value propositions named by their canvas notes.</summary>
public sealed record StrategyInput(CompetitiveStrategyKind Kind, string FocusSegment, string Statement, IReadOnlyList<Guid> ValuePropositionIds)
{
    public static StrategyInput Blank { get; } = new(CompetitiveStrategyKind.Differentiation, "", "", []);

    public bool SameAs(StrategyInput other) =>
        (Kind, FocusSegment, Statement) == (other.Kind, other.FocusSegment, other.Statement) && ValuePropositionIds.ToHashSet().SetEquals(other.ValuePropositionIds);
}

/// <summary>
/// The workspace's competitive strategy; <see cref="Version"/> is <see cref="Guid.Empty"/> (and the save that creates it
/// expects that) while none has been saved. Value propositions whose note left the canvas are left out.
/// </summary>
public sealed record StrategyView(
    CompetitiveStrategyKind Kind,
    string FocusSegment,
    string Statement,
    IReadOnlyList<Guid> ValuePropositionIds,
    Guid Version,
    DateTimeOffset? UpdatedAt)
{
    public static StrategyView None { get; } = new(CompetitiveStrategyKind.Differentiation, "", "", [], Guid.Empty, null);

    public bool Exists => Version != Guid.Empty;

    public StrategyInput ToInput() => new(Kind, FocusSegment, Statement, ValuePropositionIds);
}

/// <summary>A canvas note offered to the tool: a Customer Segments note as a segment, a Value Propositions note as a link.</summary>
public sealed record CanvasNoteOption(Guid NoteId, string Text);
