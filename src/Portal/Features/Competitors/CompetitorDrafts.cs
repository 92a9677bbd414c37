using System.Globalization;
using Portal.Features.Research;

namespace Portal.Features.Competitors;

/// <summary>One fact's source as the form holds it: the date as the browser's date field gives it (yyyy-MM-dd).</summary>
public sealed class SourceDraft
{
    public string Source { get; set => field = value ?? ""; } = "";

    public string SeenOn { get; set => field = value ?? ""; } = "";
}

/// <summary>
/// A company as the user is writing it, new or an edit of <see cref="ResearchDraft{TView, TInput}.Base"/>; another
/// save of the same company never touches the user's values (the research tool's drafts, whose rules these share).
/// </summary>
public sealed class CompanyDraft : ResearchDraft<CompanyView, CompanyInput>
{
    public string Name { get; set => field = value ?? ""; } = "";

    public string Website { get; set => field = value ?? ""; } = "";

    public string Segment { get; set => field = value ?? ""; } = "";

    public string Pricing { get; set => field = value ?? ""; } = "";

    public FundingStage FundingStage { get; set; }

    public string Strengths { get; set => field = value ?? ""; } = "";

    public string Weaknesses { get; set => field = value ?? ""; } = "";

    /// <summary>The source of every fact, empty ones too.</summary>
    public Dictionary<CompetitorFact, SourceDraft> Sources { get; private set; } = Empty();

    /// <summary>A new company that is the team's own (the "add our company" form).</summary>
    public bool OwnCompany { get; init; }

    public static CompanyDraft Of(CompanyView view)
    {
        var draft = new CompanyDraft();
        draft.Load(view);
        return draft;
    }

    /// <summary>A new company with <paramref name="name"/> filled in (the workspace's name for the team's own).</summary>
    public static CompanyDraft New(string name = "", bool ownCompany = false) => new() { Name = name, OwnCompany = ownCompany, Prefilled = name };

    /// <summary>The name a new company's form started with: only a change from it is unsaved work.</summary>
    private string Prefilled { get; init; } = "";

    public override CompanyInput ToInput() => new(
        Name, Website, Segment, Pricing, FundingStage, Strengths, Weaknesses,
        [.. Sources.Select(pair => new SourceInput(pair.Key, pair.Value.Source, ParseDate(pair.Value.SeenOn)))]);

    protected override CompanyInput InputOf(CompanyView view) => view.ToInput();

    protected override CompanyInput Blank() => CompanyInput.Blank(Prefilled);

    protected override bool Same(CompanyInput a, CompanyInput b) => a.SameAs(b);

    protected override void Fill(CompanyInput input)
    {
        (Name, Website, Segment, Pricing, FundingStage, Strengths, Weaknesses) =
            (input.Name, input.Website, input.Segment, input.Pricing, input.FundingStage, input.Strengths, input.Weaknesses);
        Sources = Empty();
        foreach (var source in input.Sources)
        {
            Sources[source.Fact] = new SourceDraft { Source = source.Source, SeenOn = source.SeenOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "" };
        }
    }

    protected override Guid IdOf(CompanyView view) => view.Id;

    protected override Guid VersionOf(CompanyView view) => view.Version;

    private static Dictionary<CompetitorFact, SourceDraft> Empty() => Enum.GetValues<CompetitorFact>().ToDictionary(f => f, _ => new SourceDraft());

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
}

/// <summary>
/// The strategy as the user is writing it. There is always one (<see cref="StrategyView.None"/> before the first save),
/// so it is never new and never deleted; a save by someone else stands beside the user's text as <see cref="Theirs"/>.
/// </summary>
public sealed class StrategyDraft
{
    public StrategyDraft(StrategyView view) => Load(view);

    public StrategyView Base { get; private set; } = StrategyView.None;

    public StrategyView? Theirs { get; set; }

    public bool Refused { get; set; }

    public CompetitiveStrategyKind Kind { get; set; }

    public string FocusSegment { get; set => field = value ?? ""; } = "";

    public string Statement { get; set => field = value ?? ""; } = "";

    public HashSet<Guid> ValuePropositionIds { get; private set; } = [];

    public bool IsDirty => !ToInput().SameAs(Base.ToInput());

    public StrategyInput ToInput() => new(Kind, FocusSegment, Statement, [.. ValuePropositionIds]);

    public void Load(StrategyView view)
    {
        (Base, Theirs, Refused) = (view, null, false);
        (Kind, FocusSegment, Statement, ValuePropositionIds) = (view.Kind, view.FocusSegment, view.Statement, [.. view.ValuePropositionIds]);
    }

    /// <summary>Takes note of the strategy's current version, saved by anyone (the same rules as a company's draft).</summary>
    public void Apply(StrategyView current)
    {
        if (current.Version == Base.Version || current.Version == Theirs?.Version)
        {
            // The same version again, perhaps with fewer value propositions (a note left the canvas): the base follows.
            if (current.Version == Base.Version && !current.ValuePropositionIds.ToHashSet().SetEquals(Base.ValuePropositionIds))
            {
                var untouched = !IsDirty;
                Base = current;
                if (untouched)
                {
                    ValuePropositionIds = [.. current.ValuePropositionIds];
                }
            }

            return;
        }

        var theirs = current.ToInput();
        if (theirs.SameAs(ToInput()) || theirs.SameAs(Base.ToInput()))
        {
            (Base, Theirs) = (current, null);
            return;
        }

        if (!IsDirty)
        {
            Load(current);
            return;
        }

        (Theirs, Refused) = (current, false);
    }
}
