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
public sealed class RiskService(IDbContextFactory<PortalDbContext> contextFactory, IWorkspaceEvents events, TimeProvider clock)
{
    public const string Topic = "risks";

    /// <summary>The refusal of a change to a risk that no longer exists (someone deleted it).</summary>
    public const string NoRiskKey = "Risk.Error.NoRisk";

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
        if (userId is null || await WorkspaceService.ResolveAccessAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var rows = await db.Set<Risk>().AsNoTracking().Where(r => r.WorkspaceId == workspaceId)
            .GroupJoin(db.Users, r => r.OwnerUserId, u => u.Id, (r, owners) => new { Risk = r, Owners = owners })
            .SelectMany(x => x.Owners.DefaultIfEmpty(), (x, owner) => new { x.Risk, Owner = owner })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => ToView(r.Risk, r.Owner?.NameForDisplay ?? "")).OrderByDescending(r => r.Score).ThenBy(r => r.Title, StringComparer.CurrentCulture)];
    }

    public async Task<RiskView> CreateAsync(string userId, Guid workspaceId, RiskInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await WorkspaceService.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = await ValidateAsync(db, workspaceId, input, cancellationToken);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<Risk>().CountAsync(r => r.WorkspaceId == workspaceId, cancellationToken) >= Risk.MaxPerWorkspace)
        {
            throw new InputRejectedException("Title", "Risk.Error.TooMany", Risk.MaxPerWorkspace);
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
        var access = await WorkspaceService.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
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
        var access = await WorkspaceService.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var risk = await FindAsync(db, workspaceId, riskId, cancellationToken);
        db.Remove(risk);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "risk.deleted", risk.Title, $"/w/{access.Slug}/risks", now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, riskId.ToString(), userId, now) { Changes = new ItemChanges<RiskView>([], [riskId]) });
    }

    /// <summary>Adds one of the guide's typical risks with its suggested scores and mitigation, in the reader's language.</summary>
    public Task<RiskView> AddStarterAsync(string userId, Guid workspaceId, StarterRisk starter, string title, string mitigation, CancellationToken cancellationToken = default) =>
        CreateAsync(userId, workspaceId, new RiskInput(starter.Category, title, "", starter.Likelihood, starter.Impact, null, mitigation, null, RiskStatus.Open, starter.Likelihood, starter.Impact), cancellationToken);

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

    /// <summary>Adds the rows of a CSV file (the export's columns); bad rows are reported by line, good ones kept.</summary>
    public async Task<RiskImportResult> ImportCsvAsync(string userId, Guid workspaceId, string text, CancellationToken cancellationToken = default)
    {
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            await WorkspaceService.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        }

        var errors = new List<(int, string, object[])>();
        var added = 0;
        Dictionary<string, string> members;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            members = await db.WorkspaceMembers.Where(m => m.WorkspaceId == workspaceId)
                .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { u.NormalizedEmail, u.Id })
                .ToDictionaryAsync(x => x.NormalizedEmail ?? "", x => x.Id, cancellationToken);
        }

        foreach (var (line, cells) in Csv.Parse(text ?? ""))
        {
            if (line == 1 && cells.Count > 0 && cells[0].Trim().Equals(CsvColumns[0], StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (cells.Count != CsvColumns.Count)
            {
                errors.Add((line, "Risk.Csv.Columns", [CsvColumns.Count, cells.Count]));
                continue;
            }

            if (!TryRead(cells, members, out var input, out var problem))
            {
                errors.Add((line, problem.Key, problem.Arguments));
                continue;
            }

            try
            {
                await CreateAsync(userId, workspaceId, input, cancellationToken);
                added++;
            }
            catch (InputRejectedException rejected)
            {
                errors.Add((line, rejected.Errors[0].MessageKey, rejected.Errors[0].Arguments));
            }
        }

        return new RiskImportResult(added, errors);
    }

    private static bool TryRead(IReadOnlyList<string> cells, Dictionary<string, string> members, out RiskInput input, out (string Key, object[] Arguments) problem)
    {
        input = null!;
        problem = default;
        string Cell(int i) => cells[i].Trim().TrimStart('\'');
        if (!Enum.TryParse<RiskCategory>(Cell(0), ignoreCase: true, out var category) || !Enum.IsDefined(category))
        {
            problem = ("Risk.Csv.Category", [Cell(0)]);
            return false;
        }

        int[] scores = new int[4];
        int[] columns = [3, 4, 9, 10];
        for (var i = 0; i < columns.Length; i++)
        {
            if (!int.TryParse(Cell(columns[i]), NumberStyles.Integer, CultureInfo.InvariantCulture, out scores[i]))
            {
                problem = ("Risk.Csv.Number", [CsvColumns[columns[i]], Cell(columns[i])]);
                return false;
            }
        }

        DateOnly? review = null;
        if (Cell(7).Length > 0)
        {
            if (!DateOnly.TryParseExact(Cell(7), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                problem = ("Risk.Csv.Date", [Cell(7)]);
                return false;
            }

            review = date;
        }

        if (!Enum.TryParse<RiskStatus>(Cell(8), ignoreCase: true, out var status) || !Enum.IsDefined(status))
        {
            problem = ("Risk.Csv.Status", [Cell(8)]);
            return false;
        }

        string? owner = null;
        if (Cell(5).Length > 0 && !members.TryGetValue(Cell(5).ToUpperInvariant(), out owner))
        {
            problem = ("Risk.Csv.Owner", [Cell(5)]);
            return false;
        }

        input = new RiskInput(category, Cell(1), Cell(2), scores[0], scores[1], owner, Cell(6), review, status, scores[2], scores[3]);
        return true;
    }

    private static async Task<RiskInput> ValidateAsync(PortalDbContext db, Guid workspaceId, RiskInput input, CancellationToken cancellationToken)
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
        if (!string.IsNullOrEmpty(input.OwnerUserId))
        {
            checks.Expect(
                await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == input.OwnerUserId, cancellationToken),
                nameof(input.OwnerUserId),
                "Risk.Error.OwnerNotMember");
        }

        checks.ThrowIfAny();
        return input with { Title = title, Description = description, Mitigation = mitigation, OwnerUserId = string.IsNullOrEmpty(input.OwnerUserId) ? null : input.OwnerUserId };
    }

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
