using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Data;
using Portal.Tests.Account;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Platform;

/// <summary>The Data Protection keys in the shared database, encrypted with a certificate when one is configured.</summary>
public sealed class KeyProtectionTests
{
    private const string Password = "Key-Protection-Test-1";

    [Fact]
    public async Task With_a_certificate_the_stored_keys_are_encrypted_and_a_second_node_with_it_accepts_the_first_nodes_cookie()
    {
        var database = await TestServers.CreateDatabaseAsync();
        var certificate = CertificateFile(out var publicCertificate);
        try
        {
            await using var first = new ProtectedNode(database, certificate, seedDemoData: true);
            var client = first.CreateBrowserClient();
            var signedIn = await AccountTests.LogInAsync(client, "founder.a@portal.local", "Demo-Pass-2026");
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var cookie = string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(header => header.Split(';')[0]));

            await using (var db = await first.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
            {
                var stored = Assert.Single(await db.DataProtectionKeys.ToListAsync());
                // Encrypted for the certificate: no master key in the clear, only what its private key unlocks.
                Assert.Contains("encryptedSecret", stored.Xml, StringComparison.Ordinal);
                Assert.Contains($"<X509Certificate>{publicCertificate}</X509Certificate>", stored.Xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", stored.Xml, StringComparison.Ordinal);
            }

            await using var second = new ProtectedNode(database, certificate, seedDemoData: false);
            var request = new HttpRequestMessage(HttpMethod.Get, "/workspaces");
            request.Headers.Add("Cookie", cookie);
            var page = await second.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false }).SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }
        finally
        {
            File.Delete(certificate);
        }
    }

    [Fact]
    public async Task A_certificate_that_cannot_be_read_stops_the_node_with_the_setting_named()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.pfx");
        await using var node = new ProtectedNode(null, missing, seedDemoData: false);

        var error = Assert.ThrowsAny<Exception>(() => node.Services);

        Assert.Contains("Portal:KeyProtection:CertificatePath", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A self-signed certificate with its private key in a password-protected .pfx file, as an operator makes one with openssl.</summary>
    private static string CertificateFile(out string publicCertificate)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=portal-keys", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        publicCertificate = Convert.ToBase64String(certificate.RawData);
        var path = Path.Combine(Path.GetTempPath(), $"portal-keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return path;
    }

    /// <summary>A node whose keys are encrypted with the certificate; on PostgreSQL when given a database, else on its own SQLite file.</summary>
    private sealed class ProtectedNode(string? database, string certificate, bool seedDemoData) : PortalAppFactory
    {
        protected override bool SeedDemoData => seedDemoData;

        protected override string? PostgresDatabase => database;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:KeyProtection:CertificatePath", certificate);
            builder.UseSetting("Portal:KeyProtection:CertificatePassword", Password);
        }
    }
}
