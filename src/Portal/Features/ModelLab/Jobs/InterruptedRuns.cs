using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Portal.Data;

namespace Portal.Features.ModelLab.Jobs;

/// <summary>Runs, and their jobs, that a process stopped in the middle of training.</summary>
public sealed class InterruptedRuns(IDbContextFactory<PortalDbContext> contextFactory, JobStorage jobStorage, IBackgroundJobClient jobs)
{
    /// <summary>
    /// Runs left Running by a process that stopped become Interrupted, and their jobs end: the job engine would
    /// otherwise show them Processing until its invisibility timeout (30 minutes) and then deliver them again for
    /// nothing, as a resume queues a job of its own. Called once at start, before this process takes jobs.
    /// </summary>
    /// <returns>How many runs were interrupted.</returns>
    public async Task<int> MarkAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stranded = await db.Set<TrainingRun>().Where(r => r.Status == RunStatus.Running).ToListAsync(cancellationToken);
        foreach (var run in stranded)
        {
            run.Status = RunStatus.Interrupted;
            run.EtaSeconds = null;
            // The attempt's end went unrecorded; its last stored metric is the last moment it is known to have trained.
            if (run.AttemptStartedAt is { } attemptStart)
            {
                var lastSeen = await db.Set<RunMetric>().Where(m => m.RunId == run.Id).OrderByDescending(m => m.Id).Select(m => (DateTimeOffset?)m.At).FirstOrDefaultAsync(cancellationToken);
                run.TrainingSeconds += Math.Max(0, ((lastSeen ?? attemptStart) - attemptStart).TotalSeconds);
                run.AttemptStartedAt = null;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (stranded.Count > 0)
        {
            EndTrainingJobs();
        }

        return stranded.Count;
    }

    // Every training job still Processing belonged to the stopped process: one process trains in this profile.
    private void EndTrainingJobs()
    {
        var monitoring = jobStorage.GetMonitoringApi();
        foreach (var (jobId, job) in monitoring.ProcessingJobs(0, (int)monitoring.ProcessingCount()))
        {
            if (job.Job?.Type == typeof(TrainingJob))
            {
                jobs.ChangeState(jobId, new DeletedState { Reason = "The process stopped while this job trained; its run is Interrupted and a resume queues a new job." },
                    ProcessingState.StateName);
            }
        }
    }
}
