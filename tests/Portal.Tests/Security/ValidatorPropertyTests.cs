using System.Globalization;
using CsCheck;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Portal.Components.Account;
using Portal.Data;
using Portal.Features.Canvas;
using Portal.Features.Cohorts;
using Portal.Features.Decisions;
using Portal.Features.Kpis;
using Portal.Features.Risks;
using Portal.Features.Workspaces;
using Portal.Infrastructure;
using Portal.ModelLab.Models;
using Portal.Tests.Workspaces;

namespace Portal.Tests.Security;

/// <summary>
/// Every validator the services put input through, given arbitrary input: it answers with its result or its
/// validation errors, never with anything else, and what it accepts keeps the rules it states. CsCheck shrinks a
/// failure to its smallest input and prints the seed that repeats it.
/// </summary>
public sealed class ValidatorPropertyTests(WorkspaceWorld world) : IClassFixture<WorkspaceWorld>
{
    /// <summary>Characters that mean something to numbers, dates, JSON and addresses, blanks of several kinds, and some that mean something to nobody.</summary>
    private const string Syntax = ",;.\"'\r\n\t {}[]():/\\-+=_#*|<>eE0123456789aAzZ日期\u00A0\u2003\u200B\uFEFF\u0000\u202E∞";

    private static readonly Gen<string> SyntaxText =
        Gen.Int[0, Syntax.Length - 1].Select(i => Syntax[i]).Array[0, 60].Select(chars => new string(chars));

    /// <summary>Short syntax, sometimes anything Unicode holds, sometimes longer than any field allows, sometimes null.</summary>
    private static readonly Gen<string> AnyText = Gen.Frequency(
        (6, SyntaxText),
        (2, Gen.String),
        (1, Gen.Char.Array[1, 3].Select(Gen.Int[1, 5000], (chars, times) => string.Concat(Enumerable.Repeat(new string(chars), times)))),
        (1, Gen.Const((string)null!)));

    /// <summary>Ordinary numbers, their edges and the values that are not numbers.</summary>
    private static readonly Gen<double> AnyDouble = Gen.Frequency(
        (4, Gen.Double),
        (2, Gen.Int[-1000, 1000].Select(i => (double)i)),
        (1, Gen.OneOf(double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.MaxValue, double.MinValue, double.Epsilon, -0.0, KpiValidation.MaxMagnitude, -KpiValidation.MaxMagnitude)));

    private static readonly Gen<DateOnly> AnyDate = Gen.Frequency(
        (3, Gen.Int[new DateOnly(1990, 1, 1).DayNumber, new DateOnly(2110, 1, 1).DayNumber].Select(DateOnly.FromDayNumber)),
        (1, Gen.Int[DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber].Select(DateOnly.FromDayNumber)),
        (1, Gen.OneOf(DateOnly.MinValue, DateOnly.MaxValue)));

    /// <summary>Small numbers mostly, then the ends of <see cref="int"/>.</summary>
    private static readonly Gen<int> AnyInt = Gen.Frequency((6, Gen.Int[-3, 8]), (1, Gen.Int), (1, Gen.OneOf(int.MinValue, int.MaxValue)));

    /// <summary>Defined values mostly, and numbers no member has.</summary>
    private static Gen<T> AnyEnum<T>()
        where T : struct, Enum =>
        Gen.Frequency((5, Gen.Int[0, Enum.GetValues<T>().Length - 1]), (1, AnyInt)).Select(i => (T)(object)i);

    private static readonly DateOnly Today = new(2026, 12, 7);

    private static readonly string[] LabInput = ["1", "28", "28", "10"];

    private static readonly string[] WorkspaceFields = ["Name", "Pitch", "Industry", "Stage", "Slug"];

    private static readonly string[] RecordFields = ["Context", "Consequences", "Status", "ChosenOptionId", "DecidedOn"];

    private static readonly Gen<KpiInput> AnyKpiInput =
        Gen.Select(AnyText.Array[8], AnyDouble, AnyDouble, AnyEnum<KpiDirection>(), AnyDate, AnyDate, AnyEnum<CanvasBlock>().Nullable())
            .Select(t => new KpiInput(t.Item1[0], t.Item1[1], t.Item2, t.Item3, t.Item4, t.Item5, t.Item6, t.Item1[2], t.Item1[3], t.Item1[4], t.Item1[5], t.Item7,
                t.Item1[6], t.Item1[7]));

    [Fact]
    public void A_kpi_of_any_values_is_cleaned_and_checked_into_errors_on_its_own_fields()
    {
        var fields = typeof(KpiInput).GetProperties().Select(p => p.Name).ToHashSet();
        Gen.Select(AnyKpiInput, Gen.Bool).Sample(t =>
        {
            var clean = KpiValidation.Clean(t.Item1);
            var errors = KpiValidation.Check(clean, Today, t.Item2);

            Assert.All(errors, e => Assert.Contains(e.Field, fields));
            Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.MessageKey)));
            if (errors.Count == 0)
            {
                // What passes is what the KPI page can draw and the database can hold.
                Assert.InRange(clean.Name.Length, 1, Kpi.NameMaxLength);
                Assert.InRange(clean.Unit.Length, 1, Kpi.UnitMaxLength);
                Assert.True(double.IsFinite(clean.Baseline) && double.IsFinite(clean.Target) && clean.Baseline != clean.Target);
                Assert.True(Math.Abs(clean.Baseline) <= KpiValidation.MaxMagnitude && Math.Abs(clean.Target) <= KpiValidation.MaxMagnitude);
                Assert.True(Enum.IsDefined(clean.Direction));
                Assert.True(clean.Direction == KpiDirection.Increase ? clean.Target > clean.Baseline : clean.Target < clean.Baseline);
                Assert.True(clean.StartDate >= KpiValidation.EarliestDate && clean.Deadline <= KpiValidation.LatestDate && clean.StartDate < clean.Deadline);
                Assert.True(!t.Item2 || clean.Deadline > Today);
                Assert.False(clean.LinkedCanvasBlock is not null && clean.Objective is not null);
                Assert.NotEmpty(clean.OwnerUserId);
            }
        }, iter: 3000);
    }

    [Fact]
    public void A_risk_of_any_values_is_accepted_within_its_scales_or_refused_with_validation_errors()
    {
        var fields = typeof(RiskInput).GetProperties().Select(p => p.Name).ToHashSet();
        Gen.Select(AnyText.Array[4], AnyInt.Array[4], AnyEnum<RiskCategory>(), AnyEnum<RiskStatus>(), AnyDate.Nullable(), Gen.Bool).Sample(t =>
        {
            var (text, scale) = (t.Item1, t.Item2);
            var input = new RiskInput(t.Item3, text[0], text[1], scale[0], scale[1], text[2], text[3], t.Item5, t.Item4, scale[2], scale[3]);
            try
            {
                var accepted = RiskService.Validate(input, t.Item6);

                Assert.InRange(accepted.Title.Length, 1, Risk.TitleMaxLength);
                Assert.True(accepted.Description.Length <= Risk.TextMaxLength && accepted.Mitigation.Length <= Risk.TextMaxLength);
                Assert.True(Enum.IsDefined(accepted.Category) && Enum.IsDefined(accepted.Status));
                Assert.All([accepted.Likelihood, accepted.Impact, accepted.ResidualLikelihood, accepted.ResidualImpact], v => Assert.InRange(v, 1, 5));
                Assert.True(accepted.ResidualLikelihood <= accepted.Likelihood && accepted.ResidualImpact <= accepted.Impact);
                Assert.True(t.Item6);
            }
            catch (InputRejectedException rejected)
            {
                Assert.NotEmpty(rejected.Errors);
                Assert.All(rejected.Errors, e => Assert.Contains(e.Field, fields));
            }
        }, iter: 3000);
    }

    [Fact]
    public void A_kpi_form_of_any_text_is_read_into_errors_and_what_it_accepts_the_service_accepts_too()
    {
        var fields = typeof(KpiInput).GetProperties().Select(p => p.Name).ToHashSet();
        var link = Gen.Frequency(
            (3, Gen.OneOf<string>([KpiDraft.LinkNone, KpiDraft.LinkObjective, .. Enum.GetNames<CanvasBlock>()])),
            (1, Gen.OneOf("99", "-1", "1,2", " KeyPartners ", "keypartners", "KeyPartners, Channels")),
            (1, AnyText));
        var number = Gen.Frequency((2, AnyDouble.Select(d => d.ToString("R", CultureInfo.InvariantCulture))), (2, SyntaxText), (1, AnyText));
        var date = Gen.Frequency((2, AnyDate.Select(KpiDraft.Format)), (2, SyntaxText), (1, AnyText));
        Gen.Select(AnyText.Array[9], number.Array[2], date.Array[2], AnyEnum<KpiDirection>().Nullable(), link, Gen.Bool, Gen.OneOf("zh-CN", "en", "de-DE", "fr-FR")).Sample(t =>
        {
            var (text, numbers, dates) = (t.Item1, t.Item2, t.Item3);
            var draft = new KpiDraft
            {
                Name = text[0], Unit = text[1], Specific = text[2], Measurable = text[3], Achievable = text[4], Relevant = text[5], Objective = text[6],
                OwnerUserId = text[7], Link = t.Item5, Baseline = numbers[0], Target = numbers[1], StartDate = dates[0], Deadline = dates[1], Direction = t.Item4,
            };
            var culture = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(t.Item7);
                var (input, errors) = draft.Read(Today, t.Item6);
                _ = draft.Pace();
                Assert.False(draft.TrySet(text[8] ?? "", "") && !KpiDraft.TextFields.Contains(text[8]));

                Assert.All(errors, e => Assert.Contains(e.Field, fields));
                if (errors.Count == 0)
                {
                    Assert.Empty(KpiValidation.Check(input, Today, t.Item6));
                }
            }
            finally
            {
                CultureInfo.CurrentCulture = culture;
            }
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void Numbers_and_dates_typed_as_any_text_are_read_or_not_and_a_read_date_writes_back_as_typed() =>
        Gen.Frequency((3, SyntaxText), (1, AnyText)).Sample(text =>
        {
            if (KpiDraft.TryParseDate(text, out var date))
            {
                Assert.Equal(text.Trim(), KpiDraft.Format(date));
            }

            var read = KpiDraft.TryParseNumber(text, out var number);
            Assert.True(read || number == 0);
        }, iter: 5000);

    [Fact]
    public void A_model_spec_of_any_json_is_read_or_refused_and_what_is_read_can_be_analysed()
    {
        var kinds = Gen.Frequency((5, Gen.OneOf(Enum.GetNames<LayerKind>())), (1, Gen.OneOf("conv2d", "Sigmoid", "", "7", "-1")));
        var value = Gen.Frequency(
            (4, AnyInt.Select(i => i.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.OneOf("null", "0.5", "1e400", "-0", "\"3\"", "true", "[]", "{}", "99999999999")));
        var layer = Gen.Frequency(
            (6, Gen.Select(kinds, Gen.OneOf("outChannels", "kernelSize", "stride", "padding", "outFeatures", "probability", "kind", "other").Select(value, (k, v) => $"\"{k}\":{v}").Array[0, 4])
                .Select(t => "{\"kind\":\"" + t.Item1 + "\"" + string.Concat(t.Item2.Select(p => "," + p)) + "}")),
            (1, Gen.OneOf("null", "1", "\"Linear\"", "[]", "{}", "{\"kind\":3}", "{\"kind\":99}")));
        // Mostly the lab's own input (1 × 28 × 28, ten classes), so that the layers are what is tried.
        var header = Gen.Frequency((3, Gen.Const(LabInput)), (1, value.Array[4]));
        var spec = Gen.Select(header, layer.Array[0, 8], Gen.Int[0, 6]).Select(t => t.Item3 switch
        {
            0 => "{\"inputChannels\":" + t.Item1[0] + "}",
            1 => "{\"layers\":null}",
            _ => $"{{\"inputChannels\":{t.Item1[0]},\"inputHeight\":{t.Item1[1]},\"inputWidth\":{t.Item1[2]},\"classes\":{t.Item1[3]},\"layers\":[{string.Join(",", t.Item2)}]}}",
        });
        Gen.Frequency((4, spec), (1, spec.Select(SyntaxText, (s, noise) => s[..(noise.Length % (s.Length + 1))] + noise)), (1, AnyText.Select(s => s ?? ""))).Sample(json =>
        {
            try
            {
                var read = ModelSpec.FromJson(json);
                var analysis = ShapeInference.Analyze(read);
                Assert.True(analysis.IsValid || analysis.Problem!.Message.Length > 0);
            }
            catch (ModelSpecException refused)
            {
                Assert.NotEmpty(refused.Message);
            }
        }, iter: 3000);
    }

    [Fact]
    // What the property above found: a null in the layer list was read as a layer and crashed the analysis.
    public void A_spec_with_a_null_layer_is_refused_naming_the_layer() =>
        Assert.Contains("Layer 2", Assert.Throws<ModelSpecException>(() => ModelSpec.FromJson(
            "{\"inputChannels\":1,\"inputHeight\":28,\"inputWidth\":28,\"classes\":10,\"layers\":[{\"kind\":\"Flatten\"},null]}")).Message, StringComparison.Ordinal);

    [Fact]
    public void A_workspace_address_of_any_text_is_judged_without_throwing_and_a_name_s_suggestion_is_always_well_formed() =>
        AnyText.Sample(text =>
        {
            var problem = WorkspaceSlugs.Problem(text);
            Assert.True(problem is null ? text.Length is >= WorkspaceSlugs.MinLength and <= WorkspaceSlugs.MaxLength && text.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
                : problem is "Validation.RequiredField" or "Workspace.Error.SlugLength" or "Workspace.Error.SlugCharacters");

            if (text is not null && WorkspaceSlugs.FromName(text) is { } suggested)
            {
                Assert.Null(WorkspaceSlugs.Problem(suggested));
            }

            Assert.Null(WorkspaceSlugs.Problem(WorkspaceSlugs.RandomFallback()));
        }, iter: 5000);

    [Fact]
    public async Task A_workspace_created_with_any_name_and_address_gets_a_well_formed_address_or_validation_errors()
    {
        var owner = await TestUsersFor("slugs");
        await Gen.Select(AnyText, Gen.Frequency((3, SyntaxText), (1, AnyText))).SampleAsync(async t =>
        {
            try
            {
                var created = await world.Workspaces.CreateAsync(owner, new WorkspaceInput(t.Item1, "", WorkspaceStage.Idea, ""), t.Item2);

                Assert.Null(WorkspaceSlugs.Problem(created.Slug));
                // The creator's own address is kept as typed, but for blanks around it and letter case.
                Assert.Equal(t.Item2?.Trim().ToLowerInvariant() ?? created.Slug, created.Slug);
            }
            catch (InputRejectedException rejected)
            {
                Assert.All(rejected.Errors, e => Assert.Contains(e.Field, WorkspaceFields));
            }
        }, iter: 150, threads: 1);
    }

    [Fact]
    public async Task A_join_code_typed_as_any_text_joins_its_cohort_or_is_refused_as_unknown()
    {
        var workspace = await world.NewWorkspaceAsync();
        var owner = world.Id(Persona.Owner)!;
        var cohort = await world.Services.GetRequiredService<CohortService>().CreateAsync(world.Id(Persona.CohortInstructor)!,
            new CohortInput("Codes", new DateOnly(2027, 1, 1), new DateOnly(2027, 2, 1), []));
        // The real code as people paste it: any letter case, blanks around and inside.
        var pasted = Gen.Select(Gen.Bool.Array[Cohort.JoinCodeLength], Gen.OneOf(" ", "\t", "\u00A0", "\u3000", "\r\n", "").Array[Cohort.JoinCodeLength + 1])
            .Select(t => t.Item2[0] + string.Concat(cohort.JoinCode.Select((c, i) => (t.Item1[i] ? char.ToLowerInvariant(c) : c) + t.Item2[i + 1])));
        await Gen.Frequency((2, pasted.Select(code => (code, true))), (3, AnyText.Select(code => (code, false)))).SampleAsync(async t =>
        {
            try
            {
                var name = await world.Workspaces.JoinCohortAsync(owner, workspace.Id, t.code);

                Assert.Equal(cohort.Name, name);
            }
            catch (InputRejectedException rejected)
            {
                Assert.False(t.Item2, $"The code as pasted, \"{t.code}\", was refused.");
                Assert.Equal("Cohort.Error.UnknownCode", Assert.Single(rejected.Errors).MessageKey);
            }
        }, iter: 200, threads: 1);
    }

    [Fact]
    public void A_decision_matrix_of_any_values_is_accepted_within_its_limits_or_refused_with_errors_on_its_cells()
    {
        // Few ids, so that repeated and dangling ones turn up.
        var id = Gen.Int[0, 5].Select(i => new Guid(i, 0, 0, new byte[8]));
        var option = Gen.Select(id, AnyText, AnyText).Select(t => new OptionInput(t.Item1, t.Item2, t.Item3));
        var code = Gen.Frequency((3, Gen.OneOf<string?>([.. DecisionCriteria.Suggested])), (2, Gen.Const((string?)null)), (1, AnyText.Select(s => (string?)s)));
        var criterion = Gen.Select(id, code, AnyText, Gen.Frequency((3, Gen.Int[0, DecisionCriterion.MaxWeight]), (1, AnyInt)))
            .Select(t => new CriterionInput(t.Item1, t.Item2, t.Item3, t.Item4));
        var score = Gen.Select(id, id, AnyInt, AnyText).Select(t => new ScoreInput(t.Item1, t.Item2, t.Item3, t.Item4));
        Gen.Select(AnyText, option.Array[0, 14], criterion.Array[0, 14], score.Array[0, 20], id.Nullable()).Sample(t =>
        {
            try
            {
                var accepted = DecisionChecks.Matrix(new DecisionInput(t.Item1, t.Item2, t.Item3, t.Item4), t.Item5);

                Assert.InRange(accepted.Question.Length, 1, Decision.QuestionMaxLength);
                Assert.InRange(accepted.Options.Count, 0, Decision.MaxOptions);
                Assert.InRange(accepted.Criteria.Count, 0, Decision.MaxCriteria);
                Assert.Equal(accepted.Options.Count, accepted.Options.Select(o => o.Id).Distinct().Count());
                Assert.All(accepted.Scores, s => Assert.InRange(s.Value, DecisionScore.Min, DecisionScore.Max));
                Assert.All(accepted.Scores, s => Assert.Contains(accepted.Options, o => o.Id == s.OptionId));
                Assert.True(t.Item5 is not { } chosen || accepted.Options.Any(o => o.Id == chosen));
            }
            catch (InputRejectedException rejected)
            {
                Assert.All(rejected.Errors, e => Assert.Matches(@"^(Question|Options|Criteria|Scores)(\[\d+\](\.\w+)?)?$", e.Field));
            }
        }, iter: 3000);
    }

    [Fact]
    public void A_decision_record_of_any_values_is_accepted_as_a_history_or_refused_with_validation_errors()
    {
        var id = Gen.Int[0, 3].Select(i => new Guid(i, 0, 0, new byte[8]));
        Gen.Select(AnyText, AnyText, id.Nullable(), AnyDate.Nullable(), AnyEnum<DecisionStatus>(), AnyEnum<DecisionStatus>(), id.Array[0, 3]).Sample(t =>
        {
            try
            {
                var accepted = DecisionChecks.Record(new DecisionRecordInput(t.Item1, t.Item3, t.Item2, t.Item4, t.Item5), t.Item7, t.Item6);

                Assert.True(accepted.Context.Length <= Decision.TextMaxLength && accepted.Consequences.Length <= Decision.TextMaxLength);
                Assert.True(Enum.IsDefined(accepted.Status));
                Assert.True(accepted.Status != DecisionStatus.Accepted || (accepted.ChosenOptionId is not null && accepted.DecidedOn is not null));
                Assert.True(accepted.ChosenOptionId is not { } chosen || t.Item7.Contains(chosen));
            }
            catch (InputRejectedException rejected)
            {
                Assert.All(rejected.Errors, e => Assert.Contains(e.Field, RecordFields));
            }
        }, iter: 3000);
    }

    [Fact]
    public async Task Any_password_is_judged_without_throwing_and_a_listed_one_with_digits_or_symbols_around_it_is_refused()
    {
        var validator = new CommonPasswordValidator(new LocalizedIdentityErrorDescriber(new KeyLocalizer()));
        var common = CommonPasswordList();
        var padding = Gen.Frequency((3, Gen.Int[0, 9].Select(i => (char)('0' + i))), (1, Gen.OneOf("!@#$%^&*?._- ".ToCharArray()))).Array[0, 4].Select(c => new string(c));
        var listed = Gen.Select(Gen.Int[0, common.Length - 1], padding, padding, Gen.Bool).Select(t =>
        {
            var word = t.Item4 ? common[t.Item1].ToUpperInvariant() : common[t.Item1];
            return (t.Item2 + word + t.Item3, true);
        });
        await Gen.Frequency((2, listed), (2, AnyText.Select(p => (p, false)))).SampleAsync(async t =>
        {
            var result = await validator.ValidateAsync(null!, new ApplicationUser(), t.Item1);

            Assert.True(result.Succeeded || result.Errors.Single().Code == nameof(LocalizedIdentityErrorDescriber.CommonPassword));
            Assert.True(!t.Item2 || !result.Succeeded, $"\"{t.Item1}\" is a listed password with digits or symbols around it, yet passed.");
        }, iter: 5000);
    }

    /// <summary>
    /// The passwords the validator is built from, as shipped, that hold a letter: one of only digits and symbols is
    /// judged whole (the portal's rules want letters anyway), so "8675309" with another digit is not a listed one.
    /// </summary>
    private static string[] CommonPasswordList()
    {
        using var stream = typeof(CommonPasswordValidator).Assembly.GetManifestResourceStream("Portal.common-passwords.txt")!;
        using var reader = new StreamReader(stream);
        return [.. reader.ReadToEnd().Split('\n').Select(l => l.TrimEnd('\r'))
            .Where(l => l.Length > 0 && !l.StartsWith("#!comment:", StringComparison.Ordinal) && l.Any(char.IsLetter))];
    }

    private async Task<string> TestUsersFor(string name) => await Infrastructure.TestUsers.CreateAsync(world.Services, name, PortalRoles.Founder);

    /// <summary>Answers every text with its key: the messages' wording is not what these tests are about.</summary>
    private sealed class KeyLocalizer : IStringLocalizer<AccountText>
    {
        public LocalizedString this[string name] => new(name, name);

        public LocalizedString this[string name, params object[] arguments] => new(name, name);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => [];
    }
}
