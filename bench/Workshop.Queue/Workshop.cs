using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Features.ModelLab;
using Portal.Features.Workspaces;
using Portal.ModelLab.Models;
using Portal.ModelLab.Training;

namespace Portal.Workshop.Queue;

/// <summary>A run as a team queued it: its place in the team's runs, when the founder asked, and its id or why it was refused.</summary>
internal sealed record QueuedRun(int Team, int Index, DateTimeOffset EnqueuedAt, Guid? Id, string? Refused);

/// <summary>A run as the database holds it once every run has ended.</summary>
internal sealed record EndedRun(Guid Id, RunStatus Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error);

/// <summary>
/// The workshop on one configuration: a founder with a workspace of their own per team, then every team queueing its
/// runs at once through the front host's <see cref="TrainingService"/>, then a wait until the job servers have ended them all.
/// </summary>
internal static class Workshop
{
    public static async Task<Outcome> RunAsync(string config, Deployment deployment, WorkshopArguments arguments, CancellationToken cancellationToken)
    {
        var services = deployment.Front;
        var founders = await FoundersAsync(services, arguments.Teams, cancellationToken);
        var loadStart = LoadAverage.Read();
        var queued = await EnqueueAllAsync(services, founders, arguments, cancellationToken);
        foreach (var refused in queued.Where(q => q.Refused is not null).Take(3))
        {
            await Console.Error.WriteLineAsync($"{config}: team {refused.Team + 1}'s run {refused.Index + 1} was refused: {refused.Refused}");
        }

        var ended = await WaitForAllAsync(config, services, queued, TimeSpan.FromMinutes(arguments.TimeoutMinutes), cancellationToken);
        var loadEnd = LoadAverage.Read();
        foreach (var failed in ended.Where(r => r.Status != RunStatus.Completed).Take(3))
        {
            await Console.Error.WriteLineAsync($"{config}: run {failed.Id} ended {failed.Status}: {failed.Error}");
        }

        return Outcome.Of(config, arguments.Teams, queued, ended, loadStart, loadEnd);
    }

    /// <summary>A Founder account and a workspace it owns for each team (before the clock starts).</summary>
    private static async Task<List<(string UserId, Guid WorkspaceId)>> FoundersAsync(IServiceProvider services, int teams, CancellationToken cancellationToken)
    {
        var workspaces = services.GetRequiredService<WorkspaceService>();
        var founders = new List<(string, Guid)>();
        for (var team = 1; team <= teams; team++)
        {
            var email = string.Create(CultureInfo.InvariantCulture, $"founder{team:D2}@workshop.local");
            var user = new ApplicationUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Founder {team}" };
            await using (var scope = services.CreateAsyncScope())
            {
                // No password: the founders never sign in, and hashing twenty would only warm the machine.
                var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
                Check(await users.CreateAsync(user), email);
                Check(await users.AddToRoleAsync(user, PortalRoles.Founder), email);
            }

            var workspace = await workspaces.CreateAsync(user.Id, new WorkspaceInput($"Team {team}", "A workshop team", WorkspaceStage.Idea, "Education"),
                cancellationToken: cancellationToken);
            founders.Add((user.Id, workspace.Id));
        }

        return founders;
    }

    /// <summary>
    /// Every team at once, each on a task of its own released by one gate; a team queues its runs one after the other,
    /// so its second is queued while other teams' first runs may still be on their way.
    /// </summary>
    private static async Task<List<QueuedRun>> EnqueueAllAsync(IServiceProvider services, List<(string UserId, Guid WorkspaceId)> founders,
        WorkshopArguments arguments, CancellationToken cancellationToken)
    {
        var lab = services.GetRequiredService<TrainingService>();
        // The lab's default options (Adam, 3 epochs, batch 64) on the built-in Fashion-MNIST set.
        var request = new RunRequest("Workshop", LabDatasets.FashionMnist, ModelSpec.DefaultCnn, new TrainingOptions(), arguments.Images);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var teams = founders.Select((founder, team) => Task.Run(async () =>
        {
            await gate.Task;
            var runs = new List<QueuedRun>();
            for (var index = 0; index < arguments.RunsPerTeam; index++)
            {
                var at = DateTimeOffset.UtcNow;
                try
                {
                    var id = await lab.EnqueueAsync(founder.UserId, founder.WorkspaceId, request with { Name = $"Team {team + 1} run {index + 1}" }, cancellationToken);
                    runs.Add(new QueuedRun(team, index, at, id, null));
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    runs.Add(new QueuedRun(team, index, at, null, $"{error.GetType().Name}: {error.Message}"));
                }
            }

            return runs;
        }, cancellationToken)).ToList();
        gate.SetResult();
        var queued = (await Task.WhenAll(teams)).SelectMany(runs => runs).ToList();
        var span = queued.Max(q => q.EnqueuedAt) - queued.Min(q => q.EnqueuedAt);
        await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{queued.Count(q => q.Id is not null)} of {queued.Count} runs queued; the last was asked for {span.TotalSeconds:F2} s after the first"));
        return queued;
    }

    /// <summary>Reads the runs from the front host's database every second until none is queued or training.</summary>
    private static async Task<List<EndedRun>> WaitForAllAsync(string config, IServiceProvider services, List<QueuedRun> queued, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        var ids = queued.Where(q => q.Id is not null).Select(q => q.Id!.Value).ToList();
        var deadline = DateTimeOffset.UtcNow + timeout;
        var lastReport = DateTimeOffset.UtcNow;
        while (true)
        {
            List<EndedRun> runs;
            await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
            {
                runs = await db.Set<TrainingRun>().AsNoTracking().Where(r => ids.Contains(r.Id))
                    .Select(r => new EndedRun(r.Id, r.Status, r.StartedAt, r.FinishedAt, r.Error)).ToListAsync(cancellationToken);
            }

            var active = runs.Count(r => r.Status is RunStatus.Queued or RunStatus.Running);
            if (active == 0)
            {
                return runs;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{config}: {active} runs were still queued or training after {timeout.TotalMinutes:F0} minutes.");
            }

            if (DateTimeOffset.UtcNow - lastReport > TimeSpan.FromSeconds(30))
            {
                lastReport = DateTimeOffset.UtcNow;
                await Console.Error.WriteLineAsync($"{config}: {runs.Count - active} of {runs.Count} runs ended, {runs.Count(r => r.Status == RunStatus.Running)} training");
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}

/// <summary>The machine's load average over the last minute, from /proc/loadavg; NaN where there is none.</summary>
internal static class LoadAverage
{
    public static double Read() =>
        File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load)
            ? load
            : double.NaN;
}
