namespace Portal;

/// <summary>Marker for the user research and requirements texts (Resources/ResearchText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class ResearchText;
