namespace Portal;

/// <summary>Marker for the retention cohorts' texts (Resources/RetentionText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class RetentionText;
