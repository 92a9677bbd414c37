using Portal.Infrastructure;

namespace Portal.Features.Market;

/// <summary>The checks every save of a persona or a channel passes, each problem on its own field.</summary>
internal static class MarketChecks
{
    /// <summary>A note's first line, cut to <paramref name="maxLength"/>.</summary>
    public static string FirstLine(string text, int maxLength)
    {
        var line = (text ?? "").Trim().Split('\n', 2)[0].Trim();
        return line.Length <= maxLength ? line : line[..maxLength].TrimEnd();
    }

    /// <param name="interviewIds">The workspace's interviews.</param>
    public static PersonaInput Persona(PersonaInput input, IReadOnlySet<Guid> interviewIds)
    {
        var checks = new InputChecks();
        var name = checks.Text(nameof(input.Name), input.Name, Market.Persona.NameMaxLength, required: true);
        var segment = checks.Text(nameof(input.Segment), input.Segment, Market.Persona.SegmentMaxLength);
        var goals = checks.Text(nameof(input.Goals), input.Goals, Market.Persona.TextMaxLength);
        var pains = checks.Text(nameof(input.Pains), input.Pains, Market.Persona.TextMaxLength);
        var jobs = checks.Text(nameof(input.Jobs), input.Jobs, Market.Persona.TextMaxLength);
        var quote = checks.Text(nameof(input.Quote), input.Quote, Market.Persona.QuoteMaxLength);
        var interviews = (input.InterviewIds ?? []).Distinct().ToList();
        checks.Expect(interviews.Count <= Market.Persona.MaxInterviews, nameof(input.InterviewIds), "Market.Error.TooManyInterviews", Market.Persona.MaxInterviews);
        checks.Expect(interviews.All(interviewIds.Contains), nameof(input.InterviewIds), "Market.Error.UnknownInterview");
        checks.ThrowIfAny();
        return new PersonaInput(name, segment, goals, pains, jobs, quote, interviews);
    }

    /// <param name="channelNoteIds">The workspace's Channels notes that are not deleted.</param>
    /// <param name="takenNoteIds">The notes other channels of the workspace started from.</param>
    public static ChannelInput Channel(ChannelInput input, IReadOnlySet<Guid> channelNoteIds, IReadOnlySet<Guid> takenNoteIds)
    {
        var checks = new InputChecks();
        var name = checks.Text(nameof(input.Name), input.Name, MarketChannel.NameMaxLength, required: true);
        checks.Expect(Enum.IsDefined(input.Reach), nameof(input.Reach), "Validation.RequiredField");
        checks.Expect(Enum.IsDefined(input.Kind), nameof(input.Kind), "Validation.RequiredField");
        checks.Expect(input.MonthlyBudget is >= 0 and <= MarketChannel.MaxMonthlyBudget, nameof(input.MonthlyBudget), "Market.Error.Budget", MarketChannel.MaxMonthlyBudget);
        checks.Expect(input.MonthlyReach is >= 0 and <= MarketChannel.MaxMonthlyReach, nameof(input.MonthlyReach), "Market.Error.Reach", MarketChannel.MaxMonthlyReach);
        checks.Expect(double.IsFinite(input.ConversionPercent) && input.ConversionPercent is >= 0 and <= 100, nameof(input.ConversionPercent), "Market.Error.Conversion");
        checks.Expect(input.CanvasNoteId is not { } note || channelNoteIds.Contains(note), nameof(input.CanvasNoteId), "Market.Error.NotAChannelNote");
        checks.Expect(input.CanvasNoteId is not { } taken || !takenNoteIds.Contains(taken), nameof(input.CanvasNoteId), "Market.Error.NoteTaken");
        checks.ThrowIfAny();
        // Cents, as stored: the page shows what the database keeps.
        return input with { Name = name, MonthlyBudget = Math.Round(input.MonthlyBudget, 2, MidpointRounding.AwayFromZero) };
    }
}
