namespace Portal.Content.Tests.Compliance;

/// <summary>The rule language on its own: parsing, precedence and unanswered questions.</summary>
public sealed class ComplianceRuleTests
{
    private static ComplianceRule Parse(string text) =>
        ComplianceRule.Parse(text, out var error) ?? throw new InvalidOperationException($"'{text}' did not parse: {error}");

    private static readonly ComplianceAnswers Answers = ComplianceAnswers.Empty
        .With("users_in", "eu", "china")
        .With("personal_data", "yes")
        .With("role", "deployer");

    [Theory]
    [InlineData("always", true)]
    [InlineData("personal_data = yes", true)]
    [InlineData("personal_data = no", false)]
    [InlineData("personal_data != no", true)]
    [InlineData("users_in has eu", true)]
    [InlineData("users_in has california", false)]
    [InlineData("users_in has (california, china)", true)]
    [InlineData("users_in has (california, other)", false)]
    [InlineData("role in (provider, both)", false)]
    [InlineData("role in (deployer, both)", true)]
    [InlineData("not users_in has california", true)]
    [InlineData("personal_data = no or users_in has eu and role = deployer", true)]
    [InlineData("(personal_data = no or users_in has eu) and role = provider", false)]
    [InlineData("personal_data = no or users_in has eu and role = provider", false)]
    [InlineData("not (personal_data = yes and role = deployer)", false)]
    [InlineData("sensitive = yes", false)]
    [InlineData("sensitive != yes", true)]
    [InlineData("not sensitive = no", true)]
    public void Rules_evaluate_with_not_before_and_before_or(string text, bool expected)
    {
        Assert.Equal(expected, Parse(text).Evaluate(Answers));
    }

    [Fact]
    public void A_rule_lists_its_conditions_and_has_a_canonical_form()
    {
        var rule = Parse("users_in has eu and ( role in (provider,both) or personal_data != no )");

        Assert.Equal(["users_in has eu", "role in (provider, both)", "personal_data != no"], rule.Conditions.Select(c => c.ToString()));
        Assert.Equal("users_in has eu and ( role in ( provider , both ) or personal_data != no )", rule.Canonical);
        Assert.False(rule.IsAlways);
        Assert.True(ComplianceRule.Always.IsAlways);
    }

    [Theory]
    [InlineData("", "the rule is empty")]
    [InlineData("Users_in has eu", "unexpected character 'U'")]
    [InlineData("users_in", "the rule ends where an operator (=, !=, in, has) after 'users_in' was expected")]
    [InlineData("users_in is eu", "expected an operator (=, !=, in, has) after 'users_in', found 'is'")]
    [InlineData("role in provider", "expected '(', found 'provider'")]
    [InlineData("personal_data = yes personal_data = no", "unexpected 'personal_data' after a complete rule")]
    [InlineData("and = yes", "expected a question code, found 'and'")]
    [InlineData("personal_data = (yes)", "expected an answer code, found '('")]
    public void Malformed_rules_are_refused_with_a_reason(string text, string expected)
    {
        Assert.Null(ComplianceRule.Parse(text, out var error));
        Assert.NotNull(error);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Answers_are_immutable_and_an_empty_answer_removes_the_question()
    {
        var answered = ComplianceAnswers.Empty.With("personal_data", "yes");
        var cleared = answered.With("personal_data");

        Assert.True(answered.IsAnswered("personal_data"));
        Assert.False(cleared.IsAnswered("personal_data"));
        Assert.False(ComplianceAnswers.Empty.IsAnswered("personal_data"));
        Assert.Empty(cleared.Get("personal_data"));
    }
}
