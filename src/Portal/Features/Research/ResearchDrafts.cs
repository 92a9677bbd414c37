using System.Globalization;

namespace Portal.Features.Research;

/// <summary>
/// An interview, insight or requirement as the user is writing it, new or an edit of <see cref="Base"/>. Another save
/// of the same item never touches the user's values: it moves the base on when it changes nothing the user changed,
/// replaces an untouched form, and otherwise stands beside the user's values as <see cref="Theirs"/>.
/// </summary>
public abstract class ResearchDraft<TView, TInput>
    where TView : class
{
    /// <summary>The saved item the user's values started from; null for a new one.</summary>
    public TView? Base { get; private set; }

    /// <summary>A newer version someone else saved since <see cref="Base"/>; the user chooses what to keep.</summary>
    public TView? Theirs { get; set; }

    /// <summary>True when the user's own save was refused because of <see cref="Theirs"/>, false when it arrived live.</summary>
    public bool Refused { get; set; }

    /// <summary>Someone deleted the item while the user was editing it.</summary>
    public bool Deleted { get; set; }

    public Guid? Id => Base is null ? null : IdOf(Base);

    public bool IsNew => Base is null;

    /// <summary>The user changed something since <see cref="Base"/> (a new item: typed anything at all).</summary>
    public bool IsDirty => !Same(ToInput(), Base is null ? Blank() : InputOf(Base));

    public abstract TInput ToInput();

    /// <summary>Starts over from <paramref name="view"/>: its values, no conflict.</summary>
    public void Load(TView view)
    {
        Base = view;
        (Theirs, Refused, Deleted) = (null, false, false);
        Fill(InputOf(view));
    }

    /// <summary>Takes note of the item's current version, saved by anyone.</summary>
    public void Apply(TView current)
    {
        if (Base is null || IdOf(current) != IdOf(Base) || VersionOf(current) == VersionOf(Base) || (Theirs is not null && VersionOf(current) == VersionOf(Theirs)))
        {
            return;
        }

        var theirs = InputOf(current);
        if (Same(theirs, ToInput()) || Same(theirs, InputOf(Base)))
        {
            // Their save is what the user has, or changed nothing the form holds: the user's values stay on the new version.
            Base = current;
            Theirs = null;
            return;
        }

        if (!IsDirty)
        {
            Load(current);
            return;
        }

        Theirs = current;
        Refused = false;
    }

    /// <summary>Keeps the user's values as a new item (theirs was deleted): the next save creates it.</summary>
    public void Detach() => (Base, Theirs, Refused, Deleted) = (null, null, false, false);

    /// <summary>The item is gone: a form with changes says so and keeps them; returns false when there is nothing to keep.</summary>
    public bool Remove()
    {
        Deleted = IsDirty;
        return Deleted;
    }

    protected abstract TInput InputOf(TView view);

    protected abstract TInput Blank();

    protected abstract bool Same(TInput a, TInput b);

    protected abstract void Fill(TInput input);

    protected abstract Guid IdOf(TView view);

    protected abstract Guid VersionOf(TView view);
}

public sealed class InterviewDraft : ResearchDraft<InterviewView, InterviewInput>
{
    public InterviewDraft(DateOnly today) => HeldOn = today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public string Segment { get; set => field = value ?? ""; } = "";

    public string Role { get; set => field = value ?? ""; } = "";

    public string Person { get; set => field = value ?? ""; } = "";

    /// <summary>The date as the browser's date field gives it (yyyy-MM-dd); anything else is no date.</summary>
    public string HeldOn { get; set => field = value ?? ""; }

    public InterviewMethod Method { get; set; }

    public string Notes { get; set => field = value ?? ""; } = "";

    public static InterviewDraft Of(InterviewView view, DateOnly today)
    {
        var draft = new InterviewDraft(today);
        draft.Load(view);
        return draft;
    }

    public override InterviewInput ToInput() => new(
        Segment, Role, Person,
        DateOnly.TryParseExact(HeldOn, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : default,
        Method, Notes);

    protected override InterviewInput InputOf(InterviewView view) => view.ToInput();

    protected override InterviewInput Blank() => new("", "", "", ToInput().HeldOn, InterviewMethod.Interview, "");

    protected override bool Same(InterviewInput a, InterviewInput b) => a == b;

    protected override void Fill(InterviewInput input) =>
        (Segment, Role, Person, HeldOn, Method, Notes) = (input.Segment, input.Role, input.Person, input.HeldOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), input.Method, input.Notes);

    protected override Guid IdOf(InterviewView view) => view.Id;

    protected override Guid VersionOf(InterviewView view) => view.Version;
}

public sealed class InsightDraft : ResearchDraft<InsightView, InsightInput>
{
    public string Statement { get; set => field = value ?? ""; } = "";

    public string Tags { get; set => field = value ?? ""; } = "";

    public HashSet<Guid> InterviewIds { get; private set; } = [];

    public static InsightDraft Of(InsightView view)
    {
        var draft = new InsightDraft();
        draft.Load(view);
        return draft;
    }

    public override InsightInput ToInput() => new(Statement, Tags, [.. InterviewIds]);

    protected override InsightInput InputOf(InsightView view) => view.ToInput();

    protected override InsightInput Blank() => new("", "", []);

    protected override bool Same(InsightInput a, InsightInput b) => a.SameAs(b);

    protected override void Fill(InsightInput input) => (Statement, Tags, InterviewIds) = (input.Statement, input.Tags, [.. input.InterviewIds]);

    protected override Guid IdOf(InsightView view) => view.Id;

    protected override Guid VersionOf(InsightView view) => view.Version;
}

public sealed class RequirementDraft : ResearchDraft<RequirementView, RequirementInput>
{
    public string Title { get; set => field = value ?? ""; } = "";

    public RequirementKind Kind { get; set; }

    public RequirementPriority Priority { get; set; } = RequirementPriority.Should;

    public string AcceptanceCriteria { get; set => field = value ?? ""; } = "";

    public RequirementStatus Status { get; set; }

    public HashSet<Guid> InsightIds { get; private set; } = [];

    public Guid? CanvasNoteId { get; set; }

    public static RequirementDraft Of(RequirementView view)
    {
        var draft = new RequirementDraft();
        draft.Load(view);
        return draft;
    }

    public override RequirementInput ToInput() => new(Title, Kind, Priority, AcceptanceCriteria, Status, [.. InsightIds], CanvasNoteId);

    protected override RequirementInput InputOf(RequirementView view) => view.ToInput();

    protected override RequirementInput Blank() => new("", RequirementKind.Functional, RequirementPriority.Should, "", RequirementStatus.Proposed, [], null);

    protected override bool Same(RequirementInput a, RequirementInput b) => a.SameAs(b);

    protected override void Fill(RequirementInput input) =>
        (Title, Kind, Priority, AcceptanceCriteria, Status, InsightIds, CanvasNoteId) =
        (input.Title, input.Kind, input.Priority, input.AcceptanceCriteria, input.Status, [.. input.InsightIds], input.CanvasNoteId);

    protected override Guid IdOf(RequirementView view) => view.Id;

    protected override Guid VersionOf(RequirementView view) => view.Version;
}
