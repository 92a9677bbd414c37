using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Research;

/// <summary>
/// The survey answers of a workspace, imported from CSV: editors and owners import, rename and delete; every member
/// and the cohort's instructor read; strangers learn nothing. A survey's answers are stored as they were read and
/// never edited, so each one is analysed afresh when it is opened.
/// </summary>
public sealed class SurveyService(IDbContextFactory<PortalDbContext> contextFactory, WorkspaceAccessCheck accessCheck, IWorkspaceEvents events, TimeProvider clock)
{
    /// <summary>The topic of every research tool's changes; a survey's carry <see cref="ItemChanges{SurveyView}"/>.</summary>
    public const string Topic = "research";

    /// <summary>The refusal of a change to a survey that no longer exists (someone deleted it).</summary>
    public const string NoSurveyKey = "Survey.Error.NoSurvey";

    /// <summary>Chinese is stored as written, not as \u escapes six bytes a character.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Every survey of the workspace, newest first, without answers; null for someone who may not read it.</summary>
    public async Task<IReadOnlyList<SurveyView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var rows = await db.Set<Survey>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId)
            .Select(s => new { s.Id, s.Name, s.Respondents, s.ColumnsJson, s.CreatedAt, s.Version })
            .ToListAsync(cancellationToken);
        return [.. rows
            .Select(s => new SurveyView(s.Id, s.Name, s.Respondents, Columns(s.ColumnsJson).Count, s.CreatedAt, s.Version))
            .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Name, StringComparer.CurrentCulture)];
    }

    /// <summary>One survey with its analysis; null for someone who may not read the workspace, or when it has no such survey.</summary>
    public async Task<SurveyDetails?> GetAsync(string? userId, Guid workspaceId, Guid surveyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var survey = await db.Set<Survey>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == workspaceId, cancellationToken);
        if (survey is null)
        {
            return null;
        }

        var columns = Columns(survey.ColumnsJson);
        var rows = JsonSerializer.Deserialize<List<List<string>>>(survey.RowsJson, Json) ?? [];
        return new SurveyDetails(View(survey), columns, SurveyAnalysis.Of(columns, rows));
    }

    /// <summary>Imports pasted CSV text (see <see cref="SurveyCsv"/>) as a survey named <paramref name="name"/>.</summary>
    public Task<SurveyImportResult> ImportAsync(string userId, Guid workspaceId, string name, string csv, CancellationToken cancellationToken = default) =>
        ImportAsync(userId, workspaceId, name, _ => Task.FromResult(SurveyCsv.Read(csv)), cancellationToken);

    /// <summary>Imports an uploaded CSV file; a file over <see cref="SurveyCsv.MaxBytes"/> is refused after reading one byte past the limit.</summary>
    public Task<SurveyImportResult> ImportAsync(string userId, Guid workspaceId, string name, Stream csv, CancellationToken cancellationToken = default) =>
        ImportAsync(userId, workspaceId, name, token => SurveyCsv.ReadAsync(csv, token), cancellationToken);

    /// <summary>Renames a survey, unless someone changed it since <paramref name="expectedVersion"/>.</summary>
    public async Task<SurveyView> RenameAsync(string userId, Guid workspaceId, Guid surveyId, string name, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var clean = CheckName(name);
        var survey = await FindAsync(db, workspaceId, surveyId, cancellationToken);
        if (survey.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<SurveyView>(View(survey));
        }

        var now = clock.GetUtcNow();
        survey.Name = clean;
        survey.Version = Guid.NewGuid();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "research.survey.renamed", clean, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            throw new ConcurrencyConflictException<SurveyView>(View(await FindAsync(fresh, workspaceId, surveyId, cancellationToken)));
        }

        return await PublishAsync(survey, userId, now);
    }

    public async Task DeleteAsync(string userId, Guid workspaceId, Guid surveyId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var survey = await FindAsync(db, workspaceId, surveyId, cancellationToken);
        var now = clock.GetUtcNow();
        db.Remove(survey);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "research.survey.deleted", survey.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, surveyId.ToString(), userId, now)
        {
            Changes = new ItemChanges<SurveyView>([], [surveyId]),
        });
    }

    /// <summary>
    /// Demand, check the name and the workspace's room before reading a byte, read, then store the good rows with the
    /// activity under the write lock (which checks the room again) and announce the survey.
    /// </summary>
    private async Task<SurveyImportResult> ImportAsync(string userId, Guid workspaceId, string name, Func<CancellationToken, Task<SurveyCsvResult>> read, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = CheckName(name);
        await CheckRoomAsync(db, workspaceId, cancellationToken);
        var parsed = await read(cancellationToken);
        if (parsed.Refusal is not null)
        {
            return new SurveyImportResult(null, parsed.Refusal, parsed.BadRows, parsed.BadRowCount);
        }

        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        await CheckRoomAsync(db, workspaceId, cancellationToken);
        var now = clock.GetUtcNow();
        var survey = new Survey
        {
            WorkspaceId = workspaceId,
            Name = clean,
            ColumnsJson = JsonSerializer.Serialize(parsed.Columns, Json),
            RowsJson = JsonSerializer.Serialize(parsed.Rows, Json),
            Respondents = parsed.Rows.Count,
            CreatedById = userId,
            CreatedAt = now,
        };
        db.Add(survey);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "research.survey.imported", clean, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return new SurveyImportResult(await PublishAsync(survey, userId, now), null, parsed.BadRows, parsed.BadRowCount);
    }

    private static string CheckName(string? name)
    {
        var checks = new InputChecks();
        var clean = checks.Text(nameof(Survey.Name), name, Survey.NameMaxLength, required: true);
        checks.ThrowIfAny();
        return clean;
    }

    private static async Task CheckRoomAsync(PortalDbContext db, Guid workspaceId, CancellationToken cancellationToken)
    {
        if (await db.Set<Survey>().CountAsync(s => s.WorkspaceId == workspaceId, cancellationToken) >= Survey.MaxPerWorkspace)
        {
            throw new InputRejectedException(SurveyCsv.Field, "Survey.Error.TooMany", Survey.MaxPerWorkspace);
        }
    }

    private static List<string> Columns(string json) => JsonSerializer.Deserialize<List<string>>(json, Json) ?? [];

    private static SurveyView View(Survey s) => new(s.Id, s.Name, s.Respondents, Columns(s.ColumnsJson).Count, s.CreatedAt, s.Version);

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/research";

    private static async Task<Survey> FindAsync(PortalDbContext db, Guid workspaceId, Guid surveyId, CancellationToken cancellationToken) =>
        await db.Set<Survey>().SingleOrDefaultAsync(s => s.Id == surveyId && s.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Survey", NoSurveyKey);

    /// <summary>Tells every open research page the survey's new state and version; returns it.</summary>
    private async Task<SurveyView> PublishAsync(Survey survey, string userId, DateTimeOffset at)
    {
        var view = View(survey);
        await events.PublishAsync(new WorkspaceChange(survey.WorkspaceId, Topic, survey.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
