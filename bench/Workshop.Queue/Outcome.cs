using System.Globalization;
using Portal.Features.ModelLab;

namespace Portal.Workshop.Queue;

/// <summary>
/// The figures of one configuration, all from the times the portal stored (StartedAt, FinishedAt) and the times the
/// bench asked to queue each run, on this machine's one clock.
/// </summary>
/// <param name="Runs">Runs the teams asked for; <paramref name="Failed"/> is those that did not complete (refused, failed, interrupted).</param>
/// <param name="MakespanSeconds">From the first request to queue until the last run ended.</param>
/// <param name="MaxFirstWaitSeconds">The longest any team waited from asking for its first run until that run started training.</param>
/// <param name="MeanRunSeconds">A completed run's mean time from its start to its end (training, evaluation, storing the model).</param>
/// <param name="SecondBeforeFirst">
/// Later runs (a team's second or third) that started before another team's first run; null with one run per team.
/// </param>
internal sealed record Outcome(
    string Config, int Teams, int Runs, int Completed, int Failed, double MakespanSeconds, double MaxFirstWaitSeconds, double MeanFirstWaitSeconds,
    double MeanRunSeconds, int? SecondBeforeFirst, double LoadStart, double LoadEnd)
{
    public static Outcome Of(string config, int teams, IReadOnlyList<QueuedRun> queued, IReadOnlyList<EndedRun> ended, double loadStart, double loadEnd)
    {
        var byId = ended.ToDictionary(r => r.Id);
        DateTimeOffset? Started(QueuedRun run) => run.Id is { } id && byId.TryGetValue(id, out var row) ? row.StartedAt : null;

        var firstAsked = queued.Min(q => q.EnqueuedAt);
        var lastEnd = ended.Max(r => r.FinishedAt);
        var firstWaits = queued.Where(q => q.Index == 0 && Started(q) is not null).Select(q => (Started(q)!.Value - q.EnqueuedAt).TotalSeconds).ToList();
        var runSeconds = ended.Where(r => r.Status == RunStatus.Completed && r.StartedAt is not null && r.FinishedAt is not null)
            .Select(r => (r.FinishedAt!.Value - r.StartedAt!.Value).TotalSeconds).ToList();
        var completed = ended.Count(r => r.Status == RunStatus.Completed);

        int? secondBeforeFirst = null;
        if (queued.Any(q => q.Index > 0))
        {
            var firsts = queued.Where(q => q.Index == 0 && q.Id is not null).ToList();
            // A first run that never started counts as starting after every later run that did.
            secondBeforeFirst = queued.Where(q => q.Index > 0 && Started(q) is not null).Count(later =>
                firsts.Any(first => first.Team != later.Team && (Started(first) is not { } start || start > Started(later)!.Value)));
        }

        return new Outcome(config, teams, queued.Count, completed, queued.Count - completed,
            lastEnd is { } end ? (end - firstAsked).TotalSeconds : double.NaN,
            firstWaits.Count > 0 ? firstWaits.Max() : double.NaN,
            firstWaits.Count > 0 ? firstWaits.Average() : double.NaN,
            runSeconds.Count > 0 ? runSeconds.Average() : double.NaN,
            secondBeforeFirst, loadStart, loadEnd);
    }

    public string Line() => string.Create(CultureInfo.InvariantCulture,
        $"config={Config} teams={Teams} runs={Runs} makespan_s={MakespanSeconds:F1} max_first_wait_s={MaxFirstWaitSeconds:F1} " +
        $"mean_first_wait_s={MeanFirstWaitSeconds:F1} failed={Failed} load_avg_start={LoadStart:F2} load_avg_end={LoadEnd:F2} " +
        $"completed={Completed} mean_run_s={MeanRunSeconds:F1} second_before_first={(SecondBeforeFirst is { } count ? count.ToString(CultureInfo.InvariantCulture) : "-")}");
}
