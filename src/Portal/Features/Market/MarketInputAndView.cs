using Portal.Features.Research;

namespace Portal.Features.Market;

/// <summary>A persona as a page sends it: the interviews of the research tool it rests on by id, each of the same workspace.</summary>
public sealed record PersonaInput(string Name, string Segment, string Goals, string Pains, string Jobs, string Quote, IReadOnlyList<Guid> InterviewIds)
{
    public static PersonaInput Blank { get; } = new("", "", "", "", "", "", []);

    /// <summary>Same values, the interviews compared as a set (records compare lists by reference).</summary>
    public bool SameAs(PersonaInput other) =>
        Name == other.Name && Segment == other.Segment && Goals == other.Goals && Pains == other.Pains && Jobs == other.Jobs && Quote == other.Quote
        && InterviewIds.ToHashSet().SetEquals(other.InterviewIds);
}

/// <summary>A persona with the interviews behind it; none at all makes it an assumption still to be checked.</summary>
public sealed record PersonaView(
    Guid Id,
    string Name,
    string Segment,
    string Goals,
    string Pains,
    string Jobs,
    string Quote,
    IReadOnlyList<Guid> InterviewIds,
    Guid Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public int EvidenceCount => InterviewIds.Count;

    public bool IsAssumption => InterviewIds.Count == 0;

    public PersonaInput ToInput() => new(Name, Segment, Goals, Pains, Jobs, Quote, InterviewIds);

    internal static PersonaView Of(Persona p) =>
        new(p.Id, p.Name, p.Segment, p.Goals, p.Pains, p.Jobs, p.Quote, [.. p.Interviews.Select(i => i.InterviewId).Order()], p.Version, p.CreatedAt, p.UpdatedAt);
}

/// <summary>An interview of the research tool a persona may rest on, in one line.</summary>
public sealed record PersonaInterviewOption(Guid Id, string Person, string Role, string Segment, DateOnly HeldOn, InterviewMethod Method);

/// <summary>A note of the canvas (a Customer Segments or Channels note) as the market page offers it.</summary>
public sealed record MarketCanvasNote(Guid NoteId, string Text);

/// <summary>
/// A channel as a page sends it. <paramref name="CanvasNoteId"/> names the canvas Channels note it started from; each
/// note starts one channel at most.
/// </summary>
public sealed record ChannelInput(string Name, ChannelReach Reach, ChannelKind Kind, decimal MonthlyBudget, long MonthlyReach, double ConversionPercent, Guid? CanvasNoteId)
{
    public static ChannelInput Blank { get; } = new("", ChannelReach.Online, ChannelKind.SocialMedia, 0, 0, 0, null);

    /// <summary>A channel named after a canvas Channels note (its first line), with no figures yet.</summary>
    public static ChannelInput FromNote(MarketCanvasNote note) =>
        new(MarketChecks.FirstLine(note.Text, MarketChannel.NameMaxLength), ChannelReach.Online, ChannelKind.Other, 0, 0, 0, note.NoteId);
}

/// <summary>A channel with what it is computed to win: customers a month and their acquisition cost (null when it wins nobody).</summary>
public sealed record ChannelView(
    Guid Id,
    string Name,
    ChannelReach Reach,
    ChannelKind Kind,
    decimal MonthlyBudget,
    long MonthlyReach,
    double ConversionPercent,
    Guid? CanvasNoteId,
    int Position,
    Guid Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public double CustomersPerMonth => ChannelEconomics.CustomersPerMonth(MonthlyReach, ConversionPercent);

    public decimal? Cac => ChannelEconomics.Cac(MonthlyBudget, MonthlyReach, ConversionPercent);

    public ChannelInput ToInput() => new(Name, Reach, Kind, MonthlyBudget, MonthlyReach, ConversionPercent, CanvasNoteId);

    /// <summary>Total budget ÷ total customers a month of <paramref name="channels"/> (see <see cref="ChannelEconomics.BlendedCac"/>).</summary>
    public static decimal? BlendedCac(IEnumerable<ChannelView> channels) =>
        ChannelEconomics.BlendedCac(channels.Select(c => new MarketChannel
        {
            Name = c.Name,
            MonthlyBudget = c.MonthlyBudget,
            MonthlyReach = c.MonthlyReach,
            ConversionPercent = c.ConversionPercent,
        }));

    internal static ChannelView Of(MarketChannel c) =>
        new(c.Id, c.Name, c.Reach, c.Kind, c.MonthlyBudget, c.MonthlyReach, c.ConversionPercent, c.CanvasNoteId, c.Position, c.Version, c.CreatedAt, c.UpdatedAt);
}
