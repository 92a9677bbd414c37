namespace Portal.Content.Tests.Compliance;

/// <summary>The repository's own <c>content/compliance/</c>, loaded once for all tests.</summary>
internal static class RealComplianceContent
{
    private static readonly Lazy<ComplianceCatalog> Loaded = new(() => ComplianceCatalog.Load(TestContent.RealContentRoot));

    public static ComplianceCatalog Catalog => Loaded.Value;

    public static IReadOnlyList<string> RegimeIds { get; } = ["gdpr", "ccpa", "pipl", "genai-cn", "eu-ai-act", "licensing"];

    public static TheoryData<string> Languages => new(GuideLanguages.All);
}
