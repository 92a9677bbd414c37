using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Portal.Features.ModelLab;

/// <summary>Healthy when the job queue's storage answers: without it no training run can be queued or taken.</summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            // Hangfire's storage API is synchronous; one statistics query reads the queue's tables.
            storage.GetMonitoringApi().GetStatistics();
            return Task.FromResult(HealthCheckResult.Healthy());
        }
        catch (Exception exception)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The job storage cannot be reached.", exception));
        }
    }
}
