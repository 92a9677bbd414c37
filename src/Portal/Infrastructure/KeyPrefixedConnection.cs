using System.Reflection;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Portal.Infrastructure;

/// <summary>
/// The node's shared Redis connection, for a library that names its keys itself and has no setting for a prefix
/// (RedisRateLimiting's <c>rl:fw:…</c>): every database it asks for puts the prefix before each key, so that its keys
/// start with <c>Redis:Prefix</c> like the portal's own. Everything else goes to the shared connection unchanged.
/// </summary>
// Not sealed: DispatchProxy derives the proxy type from this class at run time.
internal class KeyPrefixedConnection : DispatchProxy
{
    private IConnectionMultiplexer? connection;
    private string keyPrefix = "";

    public static IConnectionMultiplexer Create(IConnectionMultiplexer connection, string keyPrefix)
    {
        var view = DispatchProxy.Create<IConnectionMultiplexer, KeyPrefixedConnection>();
        var proxy = (KeyPrefixedConnection)(object)view;
        proxy.connection = connection;
        proxy.keyPrefix = keyPrefix;
        return view;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var result = targetMethod.Invoke(connection, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
        return result is IDatabase database ? database.WithKeyPrefix(keyPrefix) : result;
    }
}
