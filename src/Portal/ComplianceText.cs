namespace Portal;

/// <summary>Marker for the compliance tool's texts (Resources/ComplianceText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class ComplianceText;
