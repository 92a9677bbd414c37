using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Portal.Content;
using Portal.Features.Preferences;
using Portal.Features.Workspaces;
using StackExchange.Redis;

namespace Portal.Features.Guide;

/// <summary>
/// Anonymous chapter pages come from the output cache. Such a page depends only on the chapter, the
/// language, the theme, the content and whether Blazor asked for an enhanced navigation
/// (which answers with different markers). Signed-in readers are never cached: the default policy
/// skips authenticated requests, and their page shows their own workspace and progress.
/// With Redis configured, the nodes share one cache in Redis.
/// </summary>
public static class GuideOutputCache
{
    public const string ChapterPolicy = "guide-chapter";

    /// <summary>Every cached guide page carries this tag, so that a content reload evicts them all.</summary>
    public const string Tag = "guide";

    // Long: a reload evicts the pages, and nothing else changes an anonymous page.
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    internal static void AddChapterPolicy(OutputCacheOptions options) =>
        options.AddPolicy(ChapterPolicy, policy => policy
            .Expire(Lifetime)
            .Tag(Tag)
            .VaryByValue(http => new("culture", http.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture.Name ?? ""))
            .VaryByValue(http => new("theme", PreferenceCookies.ReadDarkMode(http.Request) ? "dark" : "light"))
            .VaryByValue(http => new("enhanced-nav", IsEnhancedNavigation(http.Request) ? "yes" : "no"))
            // The content itself rather than this process's reload count: nodes that share the cache each load their
            // own copy, and two of them can be at the same version with different chapters. It also keeps a page
            // rendered while a reload swapped the chapters, stored under the old fingerprint, from the readers of
            // the new chapters: eviction alone could race with that store.
            .VaryByValue(http => new("content", http.RequestServices.GetRequiredService<ContentLibrary>().Fingerprint)));

    /// <summary>Keeps the pages in Redis under <see cref="RedisOptions.Prefix"/>, on the node's shared connection.</summary>
    internal static void StoreInRedis(IServiceCollection services)
    {
        // Configured below, where the shared connection can be resolved.
        services.AddStackExchangeRedisOutputCache(_ => { });
        services.AddOptions<RedisOutputCacheOptions>().Configure<IOptions<RedisOptions>, IServiceProvider>((cache, redis, provider) =>
        {
            cache.InstanceName = $"{redis.Value.Prefix}:";
            cache.ConnectionMultiplexerFactory = () => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>());
        });
        var redisStore = services.Last(service => service.ServiceType == typeof(IOutputCacheStore));
        var storeType = redisStore.ImplementationType ?? throw new InvalidOperationException("The Redis output cache store is registered by type.");
        services.Remove(redisStore);
        services.AddSingleton<IOutputCacheStore>(provider => new SharedPageStore((IOutputCacheStore)ActivatorUtilities.CreateInstance(provider, storeType),
            provider.GetRequiredService<IConnectionMultiplexer>(), provider.GetRequiredService<ILogger<SharedPageStore>>()));
    }

    /// <summary>Drops every cached guide page when the library reloads changed chapters; with Redis, on every node.</summary>
    internal static void EvictOnContentChange(ContentLibrary library, IOutputCacheStore store) =>
        // Waited for, so that a request made after ContentLibrary.Reload() returns never sees the old page.
        library.Changed += (_, _) => store.EvictByTagAsync(Tag, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    // Blazor's script asks for enhanced navigations with exactly this Accept header.
    private static bool IsEnhancedNavigation(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("blazor-enhanced-nav=on", StringComparison.Ordinal);

    /// <summary>
    /// The Redis store, hidden from the container's disposal: disposing it closes the connection its factory gave it
    /// (dotnet/aspnetcore#67438), which is the node's shared one, and the workspace events may still need it as they
    /// stop. The container closes that connection itself, after the services that use it. While Redis is away the
    /// guide is rendered uncached rather than not at all: a page missed is found again by its fingerprint, so an
    /// eviction missed leaves nobody an old page.
    /// </summary>
    private sealed class SharedPageStore(IOutputCacheStore store, IConnectionMultiplexer redis, ILogger<SharedPageStore> logger) : IOutputCacheStore
    {
        public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
        {
            if (redis.IsConnected)
            {
                await TolerateAsync(async () => { await store.EvictByTagAsync(tag, cancellationToken); return true; });
            }
        }

        public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken) =>
            redis.IsConnected ? await TolerateAsync(() => store.GetAsync(key, cancellationToken).AsTask()) : null;

        public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
        {
            if (redis.IsConnected)
            {
                await TolerateAsync(async () => { await store.SetAsync(key, value, tags, validFor, cancellationToken); return true; });
            }
        }

        private async Task<T?> TolerateAsync<T>(Func<Task<T>> call)
        {
            try
            {
                return await call();
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                logger.LogWarning(error, "The guide's page cache in Redis did not answer; the page is rendered without it");
                return default;
            }
        }
    }
}
