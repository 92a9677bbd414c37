namespace Portal.Features.Decisions;

/// <summary>The decision record as the user is writing it; like <see cref="DecisionEdit"/>, another save never touches their values.</summary>
public sealed class DecisionRecordEdit
{
    private DecisionRecordEdit(DecisionView decision)
    {
        Base = decision;
        Context = decision.Context;
        ChosenOptionId = decision.ChosenOptionId;
        Consequences = decision.Consequences;
        DecidedOn = decision.DecidedOn?.ToDateTime(TimeOnly.MinValue);
        Status = decision.Status;
    }

    public DecisionView Base { get; private set; }

    public string Context { get; set => field = value ?? ""; }

    public Guid? ChosenOptionId { get; set; }

    public string Consequences { get; set => field = value ?? ""; }

    public DateTime? DecidedOn { get; set; }

    public DecisionStatus Status { get; set; }

    /// <summary>The decision that is to supersede this one, picked before the user confirms.</summary>
    public Guid? SuccessorId { get; set; }

    public DecisionView? Theirs { get; set; }

    public bool Refused { get; set; }

    public bool IsDirty => ToInput() != Base.ToRecordInput();

    public static DecisionRecordEdit Of(DecisionView decision) => new(decision);

    /// <summary>As <see cref="DecisionEdit.Apply"/>, for the record: a save of the matrix alone moves the base on quietly.</summary>
    public DecisionRecordEdit Apply(DecisionView current)
    {
        if (current.Id != Base.Id || current.Version == Base.Version || current.Version == Theirs?.Version)
        {
            return this;
        }

        // Unchanged, or changed to just what the user has (their own save): the user's values stay on the new version.
        if ((current.ToRecordInput() == Base.ToRecordInput() && current.SupersededById == Base.SupersededById) || current.ToRecordInput() == ToInput())
        {
            Base = current;
            return this;
        }

        if (!IsDirty)
        {
            return Of(current);
        }

        Theirs = current;
        Refused = false;
        return this;
    }

    public DecisionRecordInput ToInput() =>
        new(Context, ChosenOptionId, Consequences, DecidedOn is { } date ? DateOnly.FromDateTime(date) : null, Status);
}
