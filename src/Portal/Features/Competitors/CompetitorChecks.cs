using Portal.Infrastructure;

namespace Portal.Features.Competitors;

/// <summary>
/// The checks every save of a company or of the strategy passes. Each problem is reported on its own field, a source on
/// <c>Sources.{Fact}</c>, so a page can mark the very box.
/// </summary>
internal static class CompetitorChecks
{
    /// <summary>Returns the input trimmed, with the sources that say nothing dropped and the others in fact order.</summary>
    /// <param name="otherNames">The names of the workspace's other companies: two with one name could not be told apart in the matrix.</param>
    public static CompanyInput Company(CompanyInput input, IEnumerable<string> otherNames, DateOnly today)
    {
        var checks = new InputChecks();
        var name = checks.Text(nameof(input.Name), input.Name, Competitor.NameMaxLength, required: true);
        checks.Expect(name.Length == 0 || !otherNames.Contains(name, StringComparer.OrdinalIgnoreCase), nameof(input.Name), "Competitor.Error.DuplicateName");
        var website = checks.Text(nameof(input.Website), input.Website, Competitor.WebsiteMaxLength);
        checks.Expect(website.Length == 0 || IsWebAddress(website), nameof(input.Website), "Competitor.Error.Website");
        var segment = checks.Text(nameof(input.Segment), input.Segment, Competitor.SegmentMaxLength);
        var pricing = checks.Text(nameof(input.Pricing), input.Pricing, Competitor.PricingMaxLength);
        checks.Expect(Enum.IsDefined(input.FundingStage), nameof(input.FundingStage), "Validation.RequiredField");
        var strengths = checks.Text(nameof(input.Strengths), input.Strengths, Competitor.TextMaxLength);
        var weaknesses = checks.Text(nameof(input.Weaknesses), input.Weaknesses, Competitor.TextMaxLength);

        var facts = new HashSet<CompetitorFact>();
        List<SourceInput> sources = [];
        foreach (var source in input.Sources)
        {
            var field = $"Sources.{source.Fact}";
            checks.Expect(Enum.IsDefined(source.Fact), nameof(input.Sources), "Competitor.Error.UnknownFact");
            checks.Expect(facts.Add(source.Fact), field, "Competitor.Error.DuplicateSource");
            var text = checks.Text(field, source.Source, CompetitorSource.SourceMaxLength);
            if (text.Length == 0 && source.SeenOn is null)
            {
                continue;
            }

            // A source that starts like an address is followed as a link, so it must be one; anything else is a description.
            checks.Expect(!LooksLikeLink(text) || IsWebAddress(text), field, "Competitor.Error.SourceLink");
            checks.Expect(source.SeenOn is not { } seen || seen <= today, field, "Competitor.Error.SeenInFuture");
            sources.Add(source with { Source = text });
        }

        checks.ThrowIfAny();
        return new CompanyInput(name, website, segment, pricing, input.FundingStage, strengths, weaknesses, [.. sources.OrderBy(s => s.Fact)]);
    }

    /// <summary>Returns the strategy trimmed; only a focus strategy keeps a segment.</summary>
    /// <param name="valuePropositions">The ids of the canvas's Value Propositions notes now (deleted notes are not among them).</param>
    public static StrategyInput Strategy(StrategyInput input, IReadOnlySet<Guid> valuePropositions)
    {
        var checks = new InputChecks();
        checks.Expect(Enum.IsDefined(input.Kind), nameof(input.Kind), "Validation.RequiredField");
        var focus = input.Kind == CompetitiveStrategyKind.Focus;
        var segment = checks.Text(nameof(input.FocusSegment), focus ? input.FocusSegment : "", CompetitiveStrategy.SegmentMaxLength, required: focus);
        var statement = checks.Text(nameof(input.Statement), input.Statement, CompetitiveStrategy.TextMaxLength, required: true);
        List<Guid> ids = [.. input.ValuePropositionIds.Distinct()];
        checks.Expect(ids.Count <= CompetitiveStrategy.MaxValuePropositions, nameof(input.ValuePropositionIds), "Competitor.Error.TooManyValuePropositions", CompetitiveStrategy.MaxValuePropositions);
        checks.Expect(ids.TrueForAll(valuePropositions.Contains), nameof(input.ValuePropositionIds), "Competitor.Error.NotAValueProposition");
        checks.ThrowIfAny();
        return new StrategyInput(input.Kind, segment, statement, ids);
    }

    /// <summary>An absolute http or https address with a host.</summary>
    public static bool IsWebAddress(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0 && !text.Any(char.IsWhiteSpace);

    public static bool LooksLikeLink(string text) =>
        text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
}
