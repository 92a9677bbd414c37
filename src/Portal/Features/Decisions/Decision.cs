using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Features.Workspaces;

namespace Portal.Features.Decisions;

/// <summary>A decision record's status; <see cref="Superseded"/> always names the decision that replaced it.</summary>
public enum DecisionStatus
{
    Proposed,
    Accepted,
    Superseded,
}

/// <summary>
/// One technology question of a workspace ("which model to build on"): its options, weighted criteria and scores, and
/// the decision record. Any change to any of them gives it a new <see cref="Version"/>.
/// </summary>
public sealed class Decision
{
    public const int QuestionMaxLength = 200;
    public const int TextMaxLength = 4000;
    public const int MaxPerWorkspace = 50;
    public const int MaxOptions = 12;
    public const int MaxCriteria = 12;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Question { get; set; }

    public string Context { get; set; } = "";

    /// <summary>
    /// One of <see cref="Options"/>, or none. No foreign key: the options hang off the decision, and a key back to them
    /// would make a cycle EF could not order; the service refuses to remove the chosen option instead.
    /// </summary>
    public Guid? ChosenOptionId { get; set; }

    public string Consequences { get; set; } = "";

    public DateOnly? DecidedOn { get; set; }

    public DecisionStatus Status { get; set; }

    public Guid? SupersededById { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public List<DecisionOption> Options { get; } = [];

    public List<DecisionCriterion> Criteria { get; } = [];

    public List<DecisionScore> Scores { get; } = [];
}

/// <summary>An option of a decision; rows of a decision are reached only through it, so they carry its id alone.</summary>
public sealed class DecisionOption
{
    public const int NameMaxLength = 80;
    public const int NoteMaxLength = 500;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid DecisionId { get; set; }

    public string Name { get; set; } = "";

    public string Note { get; set; } = "";

    public int Position { get; set; }
}

/// <summary>
/// A criterion with its weight, a whole number from 0 to <see cref="MaxWeight"/>: totals divide by the sum of weights,
/// so only their ratios matter, and whole numbers keep ties exact. A suggested criterion is stored by its
/// <see cref="Code"/> (pages show it in the reader's language); the team's own by <see cref="Name"/>.
/// </summary>
public sealed class DecisionCriterion
{
    public const int NameMaxLength = 60;
    public const int MaxWeight = 100;
    public const int DefaultWeight = 10;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid DecisionId { get; set; }

    public string? Code { get; set; }

    public string Name { get; set; } = "";

    public int Weight { get; set; }

    public int Position { get; set; }
}

/// <summary>How well one option meets one criterion, 1 (poorly) to 5 (very well), with a short note why.</summary>
public sealed class DecisionScore
{
    public const int Min = 1;
    public const int Max = 5;
    public const int NoteMaxLength = 200;

    public Guid DecisionId { get; set; }

    public Guid OptionId { get; set; }

    public Guid CriterionId { get; set; }

    public int Value { get; set; }

    public string Note { get; set; } = "";
}

/// <summary>The criteria offered to a new question, as stable codes; a page shows <c>Decision.Criterion.{Code}</c>.</summary>
public static class DecisionCriteria
{
    public const string Performance = "Performance";
    public const string Scalability = "Scalability";
    public const string Ecosystem = "Ecosystem";
    public const string Cost = "Cost";
    public const string DataPrivacy = "DataPrivacy";
    public const string TeamSkills = "TeamSkills";
    public const string VendorLockIn = "VendorLockIn";

    /// <summary>The outline's own three (3.2.1: performance, scalability, ecosystem support), offered first.</summary>
    public static readonly IReadOnlyList<string> Outline = [Performance, Scalability, Ecosystem];

    /// <summary>Every suggested criterion, the outline's first.</summary>
    public static readonly IReadOnlyList<string> Suggested = [.. Outline, Cost, DataPrivacy, TeamSkills, VendorLockIn];
}

internal sealed class DecisionConfiguration : IEntityTypeConfiguration<Decision>
{
    public void Configure(EntityTypeBuilder<Decision> builder)
    {
        builder.Property(d => d.Question).HasMaxLength(Decision.QuestionMaxLength);
        builder.Property(d => d.Context).HasMaxLength(Decision.TextMaxLength);
        builder.Property(d => d.Consequences).HasMaxLength(Decision.TextMaxLength);
        builder.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Version).IsConcurrencyToken();
        builder.HasIndex(d => d.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(d => d.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        // The service puts a superseded decision back to Accepted when its successor is deleted; the key only keeps the link honest.
        builder.HasOne<Decision>().WithMany().HasForeignKey(d => d.SupersededById).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(d => d.Options).WithOne().HasForeignKey(o => o.DecisionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Criteria).WithOne().HasForeignKey(c => c.DecisionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(d => d.Scores).WithOne().HasForeignKey(s => s.DecisionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DecisionOptionConfiguration : IEntityTypeConfiguration<DecisionOption>
{
    public void Configure(EntityTypeBuilder<DecisionOption> builder)
    {
        builder.Property(o => o.Name).HasMaxLength(DecisionOption.NameMaxLength);
        builder.Property(o => o.Note).HasMaxLength(DecisionOption.NoteMaxLength);
    }
}

internal sealed class DecisionCriterionConfiguration : IEntityTypeConfiguration<DecisionCriterion>
{
    public void Configure(EntityTypeBuilder<DecisionCriterion> builder)
    {
        builder.Property(c => c.Code).HasMaxLength(30);
        builder.Property(c => c.Name).HasMaxLength(DecisionCriterion.NameMaxLength);
    }
}

internal sealed class DecisionScoreConfiguration : IEntityTypeConfiguration<DecisionScore>
{
    public void Configure(EntityTypeBuilder<DecisionScore> builder)
    {
        // One score per option and criterion, enforced by the key itself.
        builder.HasKey(s => new { s.OptionId, s.CriterionId });
        builder.Property(s => s.Note).HasMaxLength(DecisionScore.NoteMaxLength);
        builder.HasOne<DecisionOption>().WithMany().HasForeignKey(s => s.OptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<DecisionCriterion>().WithMany().HasForeignKey(s => s.CriterionId).OnDelete(DeleteBehavior.Cascade);
    }
}
