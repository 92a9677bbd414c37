using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portal.Data;
using Portal.Features.Activity;
using Portal.Features.Risks;
using Portal.Features.Roadmap;
using Portal.Features.Workspaces;
using Portal.Infrastructure;

namespace Portal.Features.Team;

/// <summary>The founding team of a workspace: its people with their roles, time and skills, and what its gaps become.</summary>
public sealed class TeamService(
    IDbContextFactory<PortalDbContext> contextFactory,
    WorkspaceAccessCheck accessCheck,
    IWorkspaceEvents events,
    TimeProvider clock,
    RiskService risks,
    RoadmapService roadmap,
    IStringLocalizer<TeamText> text)
{
    public const string Topic = "team";

    /// <summary>The refusal of a change to a person who is no longer on the team (someone removed them).</summary>
    public const string NoMemberKey = "Team.Error.NoMember";

    /// <summary>A team risk made from a gap: likely enough to plan for, and it slows the plan when it happens.</summary>
    public const int GapRiskLikelihood = 3;
    public const int GapRiskImpact = 3;

    /// <summary>Everyone on the team, first added first; null for someone who may not read the workspace.</summary>
    public async Task<IReadOnlyList<TeamMemberView>?> ListAsync(string? userId, Guid workspaceId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        if (userId is null || await accessCheck.ResolveAsync(db, userId, workspaceId, cancellationToken) is null)
        {
            return null;
        }

        var people = await db.Set<TeamMember>().AsNoTracking().Include(m => m.Skills).Where(m => m.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        var names = await NamesAsync(db, people, cancellationToken);
        return [.. people.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => TeamMemberView.Of(m, m.UserId is null ? null : names.GetValueOrDefault(m.UserId)))];
    }

    /// <summary>Adds a person: a member of the workspace (once only) or someone named who is not on the portal.</summary>
    public async Task<TeamMemberView> CreateAsync(string userId, Guid workspaceId, TeamMemberInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        var clean = TeamChecks.Member(input);
        await using var limit = await db.BeginWriteLockAsync(cancellationToken);
        if (await db.Set<TeamMember>().CountAsync(m => m.WorkspaceId == workspaceId, cancellationToken) >= TeamMember.MaxPerWorkspace)
        {
            throw new InputRejectedException(nameof(input.Name), "Team.Error.TooMany", TeamMember.MaxPerWorkspace);
        }

        var now = clock.GetUtcNow();
        var member = new TeamMember { WorkspaceId = workspaceId, Role = clean.Role, CreatedAt = now };
        await ApplyAsync(db, member, clean, now, cancellationToken);
        db.Add(member);
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "team.member", member.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await limit.CommitAsync(cancellationToken);
        return await PublishAsync(member, userId, now);
    }

    /// <summary>Saves a person's details unless someone changed the person (details or skills) since <paramref name="expectedVersion"/>.</summary>
    public Task<TeamMemberView> UpdateAsync(string userId, Guid workspaceId, Guid memberId, TeamMemberInput input, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        var clean = TeamChecks.Member(input);
        return ChangeAsync(userId, workspaceId, memberId, expectedVersion, "team.member", (db, member, now) => ApplyAsync(db, member, clean, now, cancellationToken), cancellationToken);
    }

    /// <summary>Sets one cell of the skills matrix, unless someone changed the person since <paramref name="expectedVersion"/>.</summary>
    public Task<TeamMemberView> SetSkillAsync(string userId, Guid workspaceId, Guid memberId, string skill, int level, Guid expectedVersion, CancellationToken cancellationToken = default)
    {
        TeamChecks.Skill(skill, level);
        return ChangeAsync(userId, workspaceId, memberId, expectedVersion, "team.skills", (db, member, _) =>
        {
            var row = member.Skills.Find(s => s.Skill == skill);
            if (level == 0 && row is not null)
            {
                member.Skills.Remove(row);
                db.Remove(row);
            }
            else if (level > 0 && row is null)
            {
                // Tracked with the person's id, EF puts it in member.Skills itself.
                db.Add(new TeamSkill { TeamMemberId = member.Id, Skill = skill, Level = level });
            }
            else if (row is not null)
            {
                row.Level = level;
            }

            return Task.CompletedTask;
        }, cancellationToken);
    }

    public async Task DeleteAsync(string userId, Guid workspaceId, Guid memberId, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Delete, cancellationToken);
        var member = await FindAsync(db, workspaceId, memberId, cancellationToken);
        db.Remove(member);
        var now = clock.GetUtcNow();
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), "team.member.deleted", member.Name, Link(access), now);
        await db.SaveChangesAsync(cancellationToken);
        await events.PublishAsync(new WorkspaceChange(workspaceId, Topic, memberId.ToString(), userId, now) { Changes = new ItemChanges<TeamMemberView>([], [memberId]) });
    }

    /// <summary>
    /// Puts "Hire or train: {skill}" (in the reader's language) at the end of the roadmap's to-do column, unless an open
    /// task of that title is there already, which is then returned with <see cref="TeamGapItem.Existed"/> set.
    /// </summary>
    public async Task<TeamGapItem> CreateHiringTaskAsync(string userId, Guid workspaceId, string skill, CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
        TeamChecks.Skill(skill, 0);
        var skillName = text[$"Team.Skill.{skill}"].Value;
        var title = text["Team.Hire.TaskTitle", skillName].Value;
        var link = $"/w/{access.Slug}/roadmap";
        var best = await db.Set<TeamSkill>().Where(s => s.Skill == skill && db.Set<TeamMember>().Any(m => m.Id == s.TeamMemberId && m.WorkspaceId == workspaceId))
            .MaxAsync(s => (int?)s.Level, cancellationToken) ?? 0;

        var open = await db.Set<RoadmapTask>().AsNoTracking()
            .Where(t => t.WorkspaceId == workspaceId && t.Title == title && t.Status != RoadmapTaskStatus.Done)
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (open is { } existing)
        {
            return new TeamGapItem(existing, title, link, Existed: true);
        }

        // The roadmap's own path: its checks, limit, place at the end of the to-do column, activity and announcement.
        var task = await roadmap.CreateTaskAsync(userId, workspaceId, RoadmapTaskInput.Named(title) with
        {
            Description = text["Team.Hire.TaskDescription", skillName, text[$"Team.Level.{best}"].Value].Value,
        }, cancellationToken);
        return new TeamGapItem(task.Id, title, link, Existed: false);
    }

    /// <summary>
    /// Adds the gap to the risk register as a team risk (title and mitigation in the reader's language), unless a risk
    /// of that title is still open there, which is then returned with <see cref="TeamGapItem.Existed"/> set.
    /// </summary>
    public async Task<TeamGapItem> CreateGapRiskAsync(string userId, Guid workspaceId, string skill, CancellationToken cancellationToken = default)
    {
        string link;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Create, cancellationToken);
            link = $"/w/{access.Slug}/risks";
        }

        TeamChecks.Skill(skill, 0);
        var skillName = text[$"Team.Skill.{skill}"].Value;
        var title = text["Team.Risk.Title", skillName].Value;
        if ((await risks.ListAsync(userId, workspaceId, cancellationToken) ?? []).FirstOrDefault(r => r.Title == title && r.Status != RiskStatus.Closed) is { } existing)
        {
            return new TeamGapItem(existing.Id, title, link, Existed: true);
        }

        var risk = await risks.CreateAsync(userId, workspaceId, new RiskInput(
            RiskCategory.Team, title, text["Team.Risk.Description", skillName].Value, GapRiskLikelihood, GapRiskImpact, null,
            text["Team.Risk.Mitigation", skillName].Value, null, RiskStatus.Open, GapRiskLikelihood, GapRiskImpact), cancellationToken);
        return new TeamGapItem(risk.Id, title, link, Existed: false);
    }

    /// <summary>
    /// The one path of every change to a person: demand, refuse a stale version with the current one, change, new
    /// version, activity, save (or conflict, if someone saved in between), announce.
    /// </summary>
    private async Task<TeamMemberView> ChangeAsync(string userId, Guid workspaceId, Guid memberId, Guid expectedVersion, string activityKind, Func<PortalDbContext, TeamMember, DateTimeOffset, Task> change, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var access = await accessCheck.DemandAsync(db, userId, workspaceId, WorkspaceAction.Edit, cancellationToken);
        var member = await FindAsync(db, workspaceId, memberId, cancellationToken);
        if (member.Version != expectedVersion)
        {
            throw new ConcurrencyConflictException<TeamMemberView>(await ViewAsync(db, member, cancellationToken));
        }

        var now = clock.GetUtcNow();
        await change(db, member, now);
        member.Version = Guid.NewGuid();
        member.UpdatedAt = now;
        ActivityService.Record(db, workspaceId, await WorkspaceService.UserAsync(db, userId, cancellationToken), activityKind, member.Name, Link(access), now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            await using var fresh = await contextFactory.CreateDbContextAsync(cancellationToken);
            var current = await FindAsync(fresh, workspaceId, memberId, cancellationToken);
            throw new ConcurrencyConflictException<TeamMemberView>(await ViewAsync(fresh, current, cancellationToken));
        }

        return await PublishAsync(member, userId, now);
    }

    /// <summary>Sets the person's details; a member must belong to the workspace and be on the team once only.</summary>
    private static async Task ApplyAsync(PortalDbContext db, TeamMember member, TeamMemberInput input, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var name = input.Name;
        if (input.UserId is { } linked)
        {
            if (!await db.WorkspaceMembers.AnyAsync(m => m.WorkspaceId == member.WorkspaceId && m.UserId == linked, cancellationToken))
            {
                throw new InputRejectedException(nameof(input.UserId), "Team.Error.NotAMember");
            }

            if (await db.Set<TeamMember>().AnyAsync(m => m.WorkspaceId == member.WorkspaceId && m.UserId == linked && m.Id != member.Id, cancellationToken))
            {
                throw new InputRejectedException(nameof(input.UserId), "Team.Error.AlreadyOnTeam");
            }

            // The portal's name now, kept so the person still has one should the account go.
            name = (await WorkspaceService.UserAsync(db, linked, cancellationToken)).NameForDisplay;
        }

        member.UserId = input.UserId;
        member.Name = name.Length > TeamMember.NameMaxLength ? name[..TeamMember.NameMaxLength] : name;
        member.Role = input.Role;
        member.Responsibilities = input.Responsibilities;
        member.HoursPerWeek = input.HoursPerWeek;
        member.UpdatedAt = now;
    }

    private static string Link(WorkspaceAccess access) => $"/w/{access.Slug}/team";

    private static async Task<TeamMember> FindAsync(PortalDbContext db, Guid workspaceId, Guid memberId, CancellationToken cancellationToken) =>
        await db.Set<TeamMember>().Include(m => m.Skills).SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == workspaceId, cancellationToken)
            ?? throw new InputRejectedException("Member", NoMemberKey);

    private static async Task<Dictionary<string, string>> NamesAsync(PortalDbContext db, IEnumerable<TeamMember> people, CancellationToken cancellationToken)
    {
        var ids = people.Select(m => m.UserId).OfType<string>().Distinct().ToList();
        var users = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToListAsync(cancellationToken);
        return users.ToDictionary(u => u.Id, u => u.NameForDisplay);
    }

    private static async Task<TeamMemberView> ViewAsync(PortalDbContext db, TeamMember member, CancellationToken cancellationToken) =>
        TeamMemberView.Of(member, member.UserId is null ? null : (await NamesAsync(db, [member], cancellationToken)).GetValueOrDefault(member.UserId));

    /// <summary>Tells every open team page the person's new state and version; returns it.</summary>
    private async Task<TeamMemberView> PublishAsync(TeamMember member, string userId, DateTimeOffset at)
    {
        var view = TeamMemberView.Of(member, member.UserId is null ? null : member.Name);
        await events.PublishAsync(new WorkspaceChange(member.WorkspaceId, Topic, member.Id.ToString(), userId, at) { Changes = ItemChanges.Of(view) });
        return view;
    }
}
