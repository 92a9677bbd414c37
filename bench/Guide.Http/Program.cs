using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Portal.Guide.Http;

/// <summary>
/// Starts the real portal (Production settings) on 127.0.0.1 and serves, from the same Kestrel, a
/// saved copy of one chapter page as a static file, so wrk can compare the two. Prints both URLs and
/// runs until its standard input closes.
/// </summary>
internal static class GuideHttpHost
{
    public static async Task Main(string[] args)
    {
        var port = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5199;
        var staticFolder = Directory.CreateTempSubdirectory("guide-http-static").FullName;
        var dataFolder = Directory.CreateTempSubdirectory("guide-http-data").FullName;

        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSolutionRelativeContentRoot("src/Portal");
            builder.UseEnvironment("Production");
            builder.UseSetting("Portal:DataDirectory", dataFolder);
            builder.UseSetting("Portal:SeedDemoData", "false");
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new StaticCopyFilter(staticFolder)));
        });
        factory.UseKestrel(options => options.Listen(System.Net.IPAddress.Loopback, port));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var client = new HttpClient { BaseAddress = new Uri(address) };
        // As nginx on loopback would say after TLS: Production redirects plain HTTP otherwise (run.sh's wrk sends it too).
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        var html = await client.GetStringAsync("/guide/business-model");
        await File.WriteAllTextAsync(Path.Combine(staticFolder, "business-model.html"), html);
        Console.WriteLine($"guide_url={address}/guide/business-model");
        Console.WriteLine($"static_url={address}/static/business-model.html");
        Console.WriteLine($"page_bytes={html.Length}");
        Console.Out.Flush();
        await Console.In.ReadToEndAsync();
    }
}

/// <summary>Adds one static folder at /static in front of the portal's own pipeline.</summary>
internal sealed class StaticCopyFilter(string folder) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(folder), RequestPath = "/static" });
        next(app);
    };
}
