namespace Portal;

/// <summary>Marker for the account pages' text in <c>Resources/AccountText*.resx</c> (neutral = zh-CN, plus en).</summary>
public sealed class AccountText;
