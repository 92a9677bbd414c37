using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Risks;

public sealed record RiskInput(
    RiskCategory Category,
    string Title,
    string Description,
    int Likelihood,
    int Impact,
    string? OwnerUserId,
    string Mitigation,
    DateOnly? ReviewDate,
    RiskStatus Status,
    int ResidualLikelihood,
    int ResidualImpact);

public sealed record RiskView(
    Guid Id,
    RiskCategory Category,
    string Title,
    string Description,
    int Likelihood,
    int Impact,
    string? OwnerUserId,
    string OwnerName,
    string Mitigation,
    DateOnly? ReviewDate,
    RiskStatus Status,
    int ResidualLikelihood,
    int ResidualImpact,
    Guid Version)
{
    public int Score => RiskScore.Of(Likelihood, Impact);

    public int ResidualScore => RiskScore.Of(ResidualLikelihood, ResidualImpact);

    public RiskBand Band => RiskScore.Band(Score);

    public bool IsReviewOverdue(DateOnly today) => Status != RiskStatus.Closed && ReviewDate is { } review && review < today;

    public RiskInput ToInput() => new(Category, Title, Description, Likelihood, Impact, OwnerUserId, Mitigation, ReviewDate, Status, ResidualLikelihood, ResidualImpact);
}

/// <summary>A typical AI-startup risk from the guide; title and mitigation are resource keys.</summary>
public sealed record StarterRisk(string Key, RiskCategory Category, int Likelihood, int Impact);

public sealed record RiskImportResult(int Added, IReadOnlyList<(int Line, string MessageKey, object[] Arguments)> Errors);

/// <summary>The risk register of a workspace.</summary>
public sealed class RiskService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "risks";

    /// <summary>The refusal of a change to a risk that no longer exists (someone deleted it).</summary>
    public const string NoRiskKey = "Risk.Error.NoRisk";

    /// <summary>The largest CSV file an import takes; about 8,000 short rows, far more than a register holds.</summary>
    public const int MaxImportBytes = 512 * 1024;

    public static readonly IReadOnlyList<string> CsvColumns =
        ["category", "title", "description", "likelihood", "impact", "owner_email", "mitigation", "review_date", "status", "residual_likelihood", "residual_impact"];

    public static readonly IReadOnlyList<StarterRisk> Starters =
    [
        new("ModelQuality", RiskCategory.TechnicalAlgorithm, 3, 4),
        new("DataDrift", RiskCategory.TechnicalAlgorithm, 3, 3),
        new("ApiDependency", RiskCategory.TechnicalAlgorithm, 3, 4),
        new("ComputeCost", RiskCategory.Financial, 3, 3),
        new("DataRights", RiskCategory.LegalCompliance, 2, 5),
        new("PersonalData", RiskCategory.DataPrivacy, 3, 5),
        new("CrossBorder", RiskCategory.DataPrivacy, 2, 4),
        new("GenAiRules", RiskCategory.LegalCompliance, 2, 4),
        new("PlatformFeature", RiskCategory.MarketCompetition, 3, 4),
        new("PricePressure", RiskCategory.MarketCompetition, 3, 3),
        new("PilotStall", RiskCategory.MarketCompetition, 4, 3),
        new("KeyPerson", RiskCategory.Team, 2, 4),
        new("Runway", RiskCategory.Financial, 3, 5),
    ];

    public async Task<IReadOnlyList<RiskView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var rows = await db.Set<Risk>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId)
            .GroupJoin(db.Users, r => r.OwnerUserId, u => u.Id, (r, owners) => new { Risk = r, Owners = owners })
            .SelectMany(x => x.Owners.DefaultIfEmpty(), (x, owner) => new { x.Risk, Owner = owner })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => ToView(r.Risk, r.Owner?.NameForDisplay ?? "")).OrderByDescending(r => r.Score).ThenBy(r => r.Title, StringComparer.CurrentCulture)];
    }

    public Task<RiskView> CreateAsync(string userId, Guid workspaceId, RiskInput input, CancellationToken cancellationToken = default) =>
        CreateAsync(userId, workspaceId, input, onceOnly: false, cancellationToken);

    /// <param name="onceOnly">Refuses the risk if one with the same title is in the register already (a starter added twice).</param>
    private async Task<RiskView> CreateAsync(string userId, Guid workspaceId, RiskInput input, bool onceOnly, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = await ValidateAsync(db, workspaceId, input, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<Risk>().CountAsync(r => r.WorkspaceId == workspaceId, cancellationToken) >= Risk.MaxPerWorkspace)
        {
            throw new InputRejectedException("Title", "Risk.Error.TooMany", Risk.MaxPerWorkspace);
        }

        if (onceOnly && await db.Set<Risk>().AnyAsync(r => r.WorkspaceId == workspaceId && r.Title == clean.Title, cancellationToken))
        {
            throw new InputRejectedException("Title", "Risk.Error.StarterAdded");
        }

        var now = clock.GetUtcNow();
        var risk = new Risk { WorkspaceId = workspaceId, Title = clean.Title };
        Apply(risk, clean, now);
        db.Add(risk);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "risk.created", risk.Title, $"/w/{access.Slug}/risks", now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(db, risk, userId, now, cancellationToken);
    }

    /// <summary>Saves new values unless someone changed the risk since <paramref name="expectedVersion"/>.</summary>
    public async Task<RiskView> UpdateAsync(string userId, Guid workspaceId, Guid riskId, RiskInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var clean = await ValidateAsync(db, workspaceId, input, cancellationToken);
        var risk = await FindAsync(db, workspaceId, riskId, cancellationToken);
        if (risk.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<RiskView>(await ViewAsync(db, risk, cancellationToken));
        }

        var now = clock.GetUtcNow();
        Apply(risk, clean, now);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "risk.updated", risk.Title, $"/w/{access.Slug}/risks", now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<RiskView>(await ViewAsync(fresh, await FindAsync(fresh, workspaceId, riskId, cancellationToken), cancellationToken));
        }

        return await PublishAsync(db, risk, userId, now, cancellationToken);
    }

    public async Task DeleteAsync(string userId, Guid workspaceId, Guid riskId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var risk = await FindAsync(db, workspaceId, riskId, cancellationToken);
        db.Remove(risk);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "risk.deleted", risk.Title, $"/w/{access.Slug}/risks", now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, riskId.ToString(), userId, now) { Changes = new ItemChanges<RiskView>([], [riskId]) });
    }

    /// <summary>
    /// Adds one of the guide's typical risks with its suggested scores and mitigation, in the reader's language, unless
    /// the register holds it already (a second click, or a teammate's).
    /// </summary>
    public Task<RiskView> AddStarterAsync(string userId, Guid workspaceId, StarterRisk starter, string title, string mitigation, CancellationToken cancellationToken = default) =>
        CreateAsync(userId, workspaceId, new RiskInput(starter.Category, title, "", starter.Likelihood, starter.Impact, null, mitigation, null, RiskStatus.Open, starter.Likelihood, starter.Impact), onceOnly: true, cancellationToken);

    public async Task<string?> ExportCsvAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        var risks = await ListAsync(userId, workspaceId, cancellationToken);
        if (risks is null)
        {
            return null;
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var ownerIds = risks.Select(r => r.OwnerUserId).OfType<string>().Distinct().ToList();
        var emails = await db.Users.Where(u => ownerIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? "", cancellationToken);
        var csv = Csv.Row(new StringBuilder(), CsvColumns);
        foreach (var risk in risks)
        {
            Csv.Row(csv,
            [
                risk.Category.ToString(), Csv.Text(risk.Title), Csv.Text(risk.Description), Number(risk.Likelihood), Number(risk.Impact),
                Csv.Text(risk.OwnerUserId is null ? "" : emails.GetValueOrDefault(risk.OwnerUserId, "")), Csv.Text(risk.Mitigation),
                risk.ReviewDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", risk.Status.ToString(), Number(risk.ResidualLikelihood), Number(risk.ResidualImpact),
            ]);
        }

        return csv.ToString();
    }

    /// <summary>
    /// Adds the rows of a CSV file (the export's columns); bad rows are reported by line, good ones kept. The whole file
    /// is read and checked first, then stored in one transaction and announced as one change; a file that would take the
    /// register past <see cref="Risk.MaxPerWorkspace"/> is refused as a whole.
    /// </summary>
    public async Task<RiskImportResult> ImportCsvAsync(string userId, Guid workspaceId, string text, CancellationToken cancellationToken = default)
    {
        text ??= "";
        if (Encoding.UTF8.GetByteCount(text) > MaxImportBytes)
        {
            throw new InputRejectedException("File", "Canvas.Import.TooLarge", MaxImportBytes / 1024);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var members = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId).Join(db.Users, m => m.UserId, u => u.Id, (m, u) => u)
            .AsNoTracking().ToListAsync(cancellationToken);
        var memberIds = members.Where(u => u.NormalizedEmail is not null).ToDictionary(u => u.NormalizedEmail!, u => u.Id);
        // Thousands of rows take a moment to read: off the caller's thread, so a page's circuit keeps rendering meanwhile.
        var (rows, errors) = await Task.Run(() => RiskCsv.Read(text, memberIds), cancellationToken);

        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        var room = Risk.MaxPerWorkspace - await db.Set<Risk>().CountAsync(r => r.WorkspaceId == workspaceId, cancellationToken);
        if (rows.Count > room)
        {
            throw new InputRejectedException("File", "Risk.Import.TooMany", rows.Count, Math.Max(room, 0), Risk.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var added = rows.Select(row =>
        {
            var risk = new Risk { WorkspaceId = workspaceId, Title = row.Input.Title };
            Apply(risk, row.Input, now);
            return risk;
        }).ToList();
        if (added.Count > 0)
        {
            db.AddRange(added);
            ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "risk.imported", added.Count.ToString(CultureInfo.InvariantCulture), $"/w/{access.Slug}/risks", now);
            await db.SaveChangesAsync(cancellationToken);
        }

        await limit.CommitAsync(cancellationToken);
        if (added.Count > 0)
        {
            var names = members.ToDictionary(u => u.Id, u => u.NameForDisplay);
            var views = added.Select(r => ToView(r, r.OwnerUserId is null ? "" : names.GetValueOrDefault(r.OwnerUserId, ""))).ToList();
            await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, null, userId, now) { Changes = new ItemChanges<RiskView>(views, []) });
        }

        return new RiskImportResult(added.Count, errors);
    }

    /// <summary>Checks a risk's values as every path that stores one does; returns them trimmed.</summary>
    internal static RiskInput Validate(RiskInput input, bool ownerIsMember)
    {
        var checks = new InputChecks();
        var title = checks.Text(nameof(input.Title), input.Title, Risk.TitleMaxLength, required: true);
        var description = checks.Text(nameof(input.Description), input.Description, Risk.TextMaxLength);
        var mitigation = checks.Text(nameof(input.Mitigation), input.Mitigation, Risk.TextMaxLength);
        checks.Expect(Enum.IsDefined(input.Category), nameof(input.Category), "Validation.RequiredField");
        checks.Expect(Enum.IsDefined(input.Status), nameof(input.Status), "Validation.RequiredField");
        foreach (var (field, value) in new[] { (nameof(input.Likelihood), input.Likelihood), (nameof(input.Impact), input.Impact), (nameof(input.ResidualLikelihood), input.ResidualLikelihood), (nameof(input.ResidualImpact), input.ResidualImpact) })
        {
            checks.Expect(value is >= 1 and <= 5, field, "Risk.Error.Scale");
        }

        // A mitigation lowers a risk; a residual above the inherent value is a slip of the hand.
        checks.Expect(input.ResidualLikelihood <= input.Likelihood, nameof(input.ResidualLikelihood), "Risk.Error.ResidualAbove");
        checks.Expect(input.ResidualImpact <= input.Impact, nameof(input.ResidualImpact), "Risk.Error.ResidualAbove");
        checks.Expect(ownerIsMember, nameof(input.OwnerUserId), "Risk.Error.OwnerNotMember");
        checks.ThrowIfAny();
        return input with { Title = title, Description = description, Mitigation = mitigation, OwnerUserId = string.IsNullOrEmpty(input.OwnerUserId) ? null : input.OwnerUserId };
    }

    private static async Task<RiskInput> ValidateAsync(PortalDbContext db, Guid workspaceId, RiskInput input, CancellationToken cancellationToken) =>
        Validate(
            input,
            string.IsNullOrEmpty(input.OwnerUserId)
                || await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == input.OwnerUserId, cancellationToken));

    private static void Apply(Risk risk, RiskInput input, DateTimeOffset now)
    {
        risk.Category = input.Category;
        risk.Title = input.Title;
        risk.Description = input.Description;
        risk.Likelihood = input.Likelihood;
        risk.Impact = input.Impact;
        risk.OwnerUserId = input.OwnerUserId;
        risk.Mitigation = input.Mitigation;
        risk.ReviewDate = input.ReviewDate;
        risk.Status = input.Status;
        risk.ResidualLikelihood = input.ResidualLikelihood;
        risk.ResidualImpact = input.ResidualImpact;
        risk.Version = Guid.NewGuid();
        risk.UpdatedAt = now;
    }

    private static async Task<Risk> FindAsync(PortalDbContext db, Guid workspaceId, Guid riskId, CancellationToken cancellationToken) =>
        await db.Set<Risk>().SingleOrDefaultAsync(r => r.Id == riskId && r.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Risk", NoRiskKey);

    private static RiskView ToView(Risk r, string ownerName) =>
        new(r.Id, r.Category, r.Title, r.Description, r.Likelihood, r.Impact, r.OwnerUserId, ownerName, r.Mitigation, r.ReviewDate, r.Status, r.ResidualLikelihood, r.ResidualImpact, r.Version);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The risk as pages show it, with its owner's name: events and conflicts carry it, so nobody reloads to fill it in.</summary>
    private static async Task<RiskView> ViewAsync(PortalDbContext db, Risk risk, CancellationToken cancellationToken)
    {
        var owner = risk.OwnerUserId is null ? null : await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == risk.OwnerUserId, cancellationToken);
        return ToView(risk, owner?.NameForDisplay ?? "");
    }

    /// <summary>Tells every open register the risk's new values and version; returns them.</summary>
    private async Task<RiskView> PublishAsync(PortalDbContext db, Risk risk, string userId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(db, risk, cancellationToken);
        await events.PublishAsync(new WorkspaceChange(risk.WorkspaceId, Topic, risk.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
