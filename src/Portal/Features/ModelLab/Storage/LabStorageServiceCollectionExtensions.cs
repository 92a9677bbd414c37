using Microsoft.Extensions.Options;
using Portal.Data;
using Portal.Features.ModelLab.Storage;

// In the lab's namespace, beside AddModelLab, which calls it.
namespace Portal.Features.ModelLab;

public static class LabStorageServiceCollectionExtensions
{
    /// <summary>The lab's file store, chosen by <see cref="LabFileStoreOptions.FileStore"/>, and this node's copies of its files.</summary>
    public static IServiceCollection AddLabFileStore(this IServiceCollection services)
    {
        services.AddOptions<LabFileStoreOptions>().BindConfiguration(ModelLabOptions.Section);
        // This node's lab folder: the one LabDatasets reads uploads from is in it.
        services.AddSingleton(provider => new FileSystemLabFileStore(Path.GetDirectoryName(provider.GetRequiredService<LabDatasets>().UploadsFolder)!));
        services.AddSingleton<ILabFileStore>(provider =>
            provider.GetRequiredService<IOptions<LabFileStoreOptions>>().Value.Resolve(provider.GetRequiredService<PortalDatabase>().Provider) == LabFileStoreKind.Database
                ? ActivatorUtilities.CreateInstance<DatabaseLabFileStore>(provider)
                : provider.GetRequiredService<FileSystemLabFileStore>());
        services.AddSingleton<LabFiles>();
        services.AddSingleton<RunFiles>();
        services.AddHostedService<UnfinishedDownloadsOnStart>();
        return services;
    }

    /// <summary>Removes the copies from the store that a stopped process left half written.</summary>
    private sealed class UnfinishedDownloadsOnStart(LabFiles files) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            var downloads = files.LocalPath(LabFileKeys.Downloads);
            if (Directory.Exists(downloads))
            {
                Directory.Delete(downloads, recursive: true);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
