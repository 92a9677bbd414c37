using System.Net;

namespace Portal.Infrastructure;

/// <summary>
/// Settings under <c>Portal:ForwardedHeaders</c>: the reverse proxies (nginx terminating TLS) whose
/// X-Forwarded-For and X-Forwarded-Proto the portal believes. Loopback is always believed.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "Portal:ForwardedHeaders";

    /// <summary>Proxy addresses, such as <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, such as <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsValid() =>
        KnownProxies.All(proxy => IPAddress.TryParse(proxy, out _)) && KnownNetworks.All(network => IPNetwork.TryParse(network, out _));
}
