namespace Portal;

/// <summary>Marker for the customers and channels tool's texts (Resources/MarketText*.resx, neutral = zh-CN, plus en).</summary>
public sealed class MarketText;
