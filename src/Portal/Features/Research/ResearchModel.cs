using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Workspaces;

namespace Portal.Features.Research;

public enum InterviewMethod
{
    Interview,
    Survey,
    UsabilityTest,
}

/// <summary>One conversation with a (would-be) user: who, when, how, and what was heard, as Markdown.</summary>
public sealed class Interview
{
    public const int SegmentMaxLength = 120;
    public const int RoleMaxLength = 80;
    public const int PersonMaxLength = 80;
    public const int NotesMaxLength = 20_000;
    public const int MaxPerWorkspace = 500;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    /// <summary>The customer segment, usually the text of one of the canvas's Customer Segments notes.</summary>
    public string Segment { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>An anonymised name ("Clinic manager A"): the portal is no place for interviewees' real names.</summary>
    public required string Person { get; set; }

    public DateOnly HeldOn { get; set; }

    public InterviewMethod Method { get; set; }

    public string Notes { get; set; } = "";

    public string? CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A short statement the team learned, backed by the interviews it came from.</summary>
public sealed class Insight
{
    public const int StatementMaxLength = 300;
    public const int TagsMaxLength = 200;
    public const int MaxPerWorkspace = 300;

    /// <summary>An insight heard from fewer interviews than this is shown as weak.</summary>
    public const int StrongEvidenceCount = 2;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Statement { get; set; }

    /// <summary>Comma-separated tags.</summary>
    public string Tags { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<InsightEvidence> Evidence { get; } = [];
}

/// <summary>One interview an insight rests on.</summary>
public sealed class InsightEvidence
{
    public Guid InsightId { get; set; }

    public Guid InterviewId { get; set; }
}

public enum RequirementKind
{
    Functional,
    NonFunctional,
}

/// <summary>MoSCoW: must, should, could, won't (this time).</summary>
public enum RequirementPriority
{
    Must,
    Should,
    Could,
    Wont,
}

public enum RequirementStatus
{
    Proposed,
    Accepted,
    Built,
    Verified,
}

/// <summary>What the product must do or be, justified by insights and tied to the value proposition it delivers.</summary>
public sealed class Requirement
{
    public const int TitleMaxLength = 200;
    public const int CriteriaMaxLength = 4000;
    public const int MaxPerWorkspace = 300;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Title { get; set; }

    public RequirementKind Kind { get; set; }

    public RequirementPriority Priority { get; set; }

    public string AcceptanceCriteria { get; set; } = "";

    public RequirementStatus Status { get; set; }

    /// <summary>A Value Propositions note of the canvas; cleared when the note is deleted for good.</summary>
    public Guid? CanvasNoteId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<RequirementInsight> Insights { get; } = [];
}

/// <summary>One insight a requirement rests on.</summary>
public sealed class RequirementInsight
{
    public Guid RequirementId { get; set; }

    public Guid InsightId { get; set; }
}

/// <summary>Survey answers pasted or uploaded as CSV: the header and the good rows, one a respondent, as JSON arrays.</summary>
public sealed class Survey
{
    public const int NameMaxLength = 120;
    public const int MaxPerWorkspace = 20;
    public const int MaxColumns = 50;
    public const int MaxRespondents = 5000;
    public const int MaxAnswerLength = 500;

    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid WorkspaceId { get; set; }

    public required string Name { get; set; }

    /// <summary>The column names, a JSON array of strings.</summary>
    public required string ColumnsJson { get; set; }

    /// <summary>The respondents' answers, a JSON array of arrays of strings, one inner array a row.</summary>
    public required string RowsJson { get; set; }

    public int Respondents { get; set; }

    public string? CreatedById { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class InterviewConfiguration : IEntityTypeConfiguration<Interview>
{
    public void Configure(EntityTypeBuilder<Interview> builder)
    {
        builder.Property(i => i.Segment).HasMaxLength(Interview.SegmentMaxLength);
        builder.Property(i => i.Role).HasMaxLength(Interview.RoleMaxLength);
        builder.Property(i => i.Person).HasMaxLength(Interview.PersonMaxLength);
        builder.Property(i => i.Notes).HasMaxLength(Interview.NotesMaxLength);
        builder.Property(i => i.Method).HasConversion<string>().HasMaxLength(20);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => i.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(i => i.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class InsightConfiguration : IEntityTypeConfiguration<Insight>
{
    public void Configure(EntityTypeBuilder<Insight> builder)
    {
        builder.Property(i => i.Statement).HasMaxLength(Insight.StatementMaxLength);
        builder.Property(i => i.Tags).HasMaxLength(Insight.TagsMaxLength);
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.HasIndex(i => i.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(i => i.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Evidence).WithOne().HasForeignKey(e => e.InsightId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InsightEvidenceConfiguration : IEntityTypeConfiguration<InsightEvidence>
{
    public void Configure(EntityTypeBuilder<InsightEvidence> builder)
    {
        builder.HasKey(e => new { e.InsightId, e.InterviewId });
        builder.HasOne<Interview>().WithMany().HasForeignKey(e => e.InterviewId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequirementConfiguration : IEntityTypeConfiguration<Requirement>
{
    public void Configure(EntityTypeBuilder<Requirement> builder)
    {
        builder.Property(r => r.Title).HasMaxLength(Requirement.TitleMaxLength);
        builder.Property(r => r.AcceptanceCriteria).HasMaxLength(Requirement.CriteriaMaxLength);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Priority).HasConversion<string>().HasMaxLength(10);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.Version).IsConcurrencyToken();
        builder.HasIndex(r => r.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(r => r.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<CanvasNote>().WithMany().HasForeignKey(r => r.CanvasNoteId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(r => r.Insights).WithOne().HasForeignKey(e => e.RequirementId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class RequirementInsightConfiguration : IEntityTypeConfiguration<RequirementInsight>
{
    public void Configure(EntityTypeBuilder<RequirementInsight> builder)
    {
        builder.HasKey(e => new { e.RequirementId, e.InsightId });
        builder.HasOne<Insight>().WithMany().HasForeignKey(e => e.InsightId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class SurveyConfiguration : IEntityTypeConfiguration<Survey>
{
    public void Configure(EntityTypeBuilder<Survey> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Survey.NameMaxLength);
        builder.Property(s => s.Version).IsConcurrencyToken();
        builder.HasIndex(s => s.WorkspaceId);
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApplicationUser>().WithMany().HasForeignKey(s => s.CreatedById).OnDelete(DeleteBehavior.SetNull);
    }
}
