using Portal.Features.Research;

namespace Portal.Features.Market;

/// <summary>A persona as the user is writing it; another save never touches the user's values (see <see cref="ResearchDraft{TView, TInput}"/>).</summary>
public sealed class PersonaDraft : ResearchDraft<PersonaView, PersonaInput>
{
    public string Name { get; set => field = value ?? ""; } = "";

    public string Segment { get; set => field = value ?? ""; } = "";

    public string Goals { get; set => field = value ?? ""; } = "";

    public string Pains { get; set => field = value ?? ""; } = "";

    public string Jobs { get; set => field = value ?? ""; } = "";

    public string Quote { get; set => field = value ?? ""; } = "";

    public HashSet<Guid> InterviewIds { get; private set; } = [];

    public static PersonaDraft Of(PersonaView view)
    {
        var draft = new PersonaDraft();
        draft.Load(view);
        return draft;
    }

    public override PersonaInput ToInput() => new(Name, Segment, Goals, Pains, Jobs, Quote, [.. InterviewIds]);

    protected override PersonaInput InputOf(PersonaView view) => view.ToInput();

    protected override PersonaInput Blank() => PersonaInput.Blank;

    protected override bool Same(PersonaInput a, PersonaInput b) => a.SameAs(b);

    protected override void Fill(PersonaInput input) =>
        (Name, Segment, Goals, Pains, Jobs, Quote, InterviewIds) = (input.Name, input.Segment, input.Goals, input.Pains, input.Jobs, input.Quote, [.. input.InterviewIds]);

    protected override Guid IdOf(PersonaView view) => view.Id;

    protected override Guid VersionOf(PersonaView view) => view.Version;
}

/// <summary>A channel as the user is writing it, with what it would cost per customer as typed.</summary>
public sealed class ChannelDraft : ResearchDraft<ChannelView, ChannelInput>
{
    public string Name { get; set => field = value ?? ""; } = "";

    public ChannelReach Reach { get; set; }

    public ChannelKind Kind { get; set; } = ChannelInput.Blank.Kind;

    public decimal MonthlyBudget { get; set; }

    public long MonthlyReach { get; set; }

    public double ConversionPercent { get; set; }

    public Guid? CanvasNoteId { get; set; }

    public static ChannelDraft Of(ChannelView view)
    {
        var draft = new ChannelDraft();
        draft.Load(view);
        return draft;
    }

    /// <summary>A new channel the user starts from a canvas note: unsaved until they save it.</summary>
    public static ChannelDraft New(ChannelInput input)
    {
        var draft = new ChannelDraft();
        draft.Fill(input);
        return draft;
    }

    public override ChannelInput ToInput() => new(Name, Reach, Kind, MonthlyBudget, MonthlyReach, ConversionPercent, CanvasNoteId);

    protected override ChannelInput InputOf(ChannelView view) => view.ToInput();

    protected override ChannelInput Blank() => ChannelInput.Blank;

    protected override bool Same(ChannelInput a, ChannelInput b) => a == b;

    protected override void Fill(ChannelInput input) =>
        (Name, Reach, Kind, MonthlyBudget, MonthlyReach, ConversionPercent, CanvasNoteId) =
        (input.Name, input.Reach, input.Kind, input.MonthlyBudget, input.MonthlyReach, input.ConversionPercent, input.CanvasNoteId);

    protected override Guid IdOf(ChannelView view) => view.Id;

    protected override Guid VersionOf(ChannelView view) => view.Version;
}
