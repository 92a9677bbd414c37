namespace Portal.Content.Tests.Compliance;

/// <summary>The loader over small content roots in the temp folder: every problem is an error with file and line, never an exception.</summary>
public sealed class ComplianceLoaderTests : IDisposable
{
    private const string Questions = """
        version: 1
        reviewed: 2026-01-05
        questions:
          - code: users_in
            kind: multi
            text: Where are your users?
            options:
              - code: eu
                label: EU
              - code: china
                label: China
          - code: personal_data
            kind: yes_no
            text: Personal data?
          - code: role
            kind: single
            text: Role?
            ask_when: users_in has eu
            options:
              - code: provider
                label: Provider
              - code: deployer
                label: Deployer
          - code: uses
            kind: multi
            text: Uses?
            options:
              - code: scoring
                label: Social scoring
                risk_class: prohibited
                reference: AI Act Art. 5(1)(c)
              - code: hiring
                label: Hiring
                risk_class: high
                reference: AI Act Annex III(4)
                except_when: narrow = yes
              - code: chat
                label: Chat
                risk_class: limited
                reference: AI Act Art. 50(1)
          - code: narrow
            kind: yes_no
            text: Narrow task only?
        """;

    private const string Regime = """
        id: demo
        title: Demo regime
        version: 2
        reviewed: 2026-01-05
        applies_when: users_in has eu and personal_data = yes
        notice: Guidance, not legal advice.
        items:
          - id: demo-one
            requirement: Do the first thing.
            reference: Demo Art. 1
          - id: demo-two
            requirement: Do the second thing.
            reference: Demo Art. 2
            applies_when: role in (provider, deployer)
        """;

    private readonly string root = Path.Combine(Path.GetTempPath(), "portal-compliance-tests", Guid.NewGuid().ToString("N"));

    public ComplianceLoaderTests()
    {
        foreach (var language in GuideLanguages.All)
        {
            Write(language, "questions.yaml", Questions);
            Write(language, "demo.yaml", Regime);
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private void Write(string language, string name, string text)
    {
        var folder = Path.Combine(root, "compliance", language);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), text);
    }

    private ComplianceCatalog Load() => ComplianceCatalog.Load(root);

    private static ContentError Single(ComplianceCatalog catalog, string file) =>
        Assert.Single(catalog.Errors, e => e.File == file);

    [Fact]
    public void A_valid_root_loads_both_languages_with_no_errors()
    {
        var catalog = Load();

        Assert.Empty(catalog.Errors);
        var regime = Assert.Single(catalog.Get("en").Regimes);
        Assert.Equal(("demo", 2, new DateOnly(2026, 1, 5)), (regime.Id, regime.Version, regime.Reviewed));
        Assert.Equal(["demo-one", "demo-two"], regime.Items.Select(i => i.Id));
        Assert.Equal([8, 11], regime.Items.Select(i => i.Line));
        Assert.Equal("compliance/en/demo.yaml", regime.File);
        Assert.Equal(["yes", "no"], catalog.Get("zh-cn").Questionnaire.Question("personal_data")?.Options.Select(o => o.Code));
        Assert.Equal("是", catalog.Get("zh-CN").Questionnaire.Question("personal_data")?.Options[0].Label);
    }

    [Fact]
    public void Invalid_yaml_is_an_error_on_its_line_and_the_regime_is_left_out()
    {
        Write("en", "demo.yaml", Regime.Replace("  - id: demo-two", "  - id: [demo-two", StringComparison.Ordinal));

        var catalog = Load();

        var error = catalog.Errors.First(e => e.File == "compliance/en/demo.yaml");
        Assert.StartsWith("invalid YAML", error.Message, StringComparison.Ordinal);
        Assert.InRange(error.Line, 11, 14);
        Assert.Empty(catalog.Get("en").Regimes);
        Assert.Contains(catalog.Errors, e => e.File == "compliance/zh-CN/demo.yaml" && e.Message.Contains("no valid 'en' version", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("id: [demo")]
    [InlineData("id: {demo")]
    [InlineData("id: \"demo")]
    [InlineData("- just\n- a list")]
    [InlineData("plain text")]
    [InlineData("id: demo\n\tversion: 1")]
    [InlineData("a: &x 1\nb: *x")]
    [InlineData("---\nid: a\n---\nid: b")]
    [InlineData(": :")]
    [InlineData("items:\n  - [1, 2]\n  - {a: b}\n  - - x")]
    public void Malformed_files_of_any_shape_give_errors_and_never_throw(string text)
    {
        Write("en", "demo.yaml", text);

        var catalog = Load();

        Assert.Contains(catalog.Errors, e => e.File == "compliance/en/demo.yaml" && e.Line >= 1);
        Assert.Empty(catalog.Get("en").Regimes);
    }

    [Fact]
    public void An_alias_is_refused_with_its_line()
    {
        Write("en", "demo.yaml", Regime.Replace("title: Demo regime", "title: &t Demo regime\nnotice: *t", StringComparison.Ordinal)
            .Replace("notice: Guidance, not legal advice.\n", "", StringComparison.Ordinal));

        var error = Load().Errors.First(e => e.File == "compliance/en/demo.yaml");

        Assert.Equal((3, "invalid YAML: aliases (*name) are not supported in these files"), (error.Line, error.Message));
    }

    [Fact]
    public void A_missing_key_is_reported_on_the_mapping_it_belongs_to()
    {
        Write("en", "demo.yaml", Regime.Replace("    reference: Demo Art. 2\n", "", StringComparison.Ordinal));

        var error = Single(Load(), "compliance/en/demo.yaml");

        Assert.Equal(11, error.Line);
        Assert.Equal("missing required key 'reference'", error.Message);
    }

    [Fact]
    public void A_missing_top_level_key_and_an_unknown_key_are_reported()
    {
        Write("zh-CN", "demo.yaml", Regime.Replace("notice: Guidance, not legal advice.", "remark: hello", StringComparison.Ordinal));

        var errors = Load().Errors.Where(e => e.File == "compliance/zh-CN/demo.yaml").ToList();

        Assert.Contains(errors, e => e.Line == 6 && e.Message.StartsWith("unknown key 'remark'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 1 && e.Message == "missing required key 'notice'");
    }

    [Fact]
    public void A_duplicate_item_id_is_reported_on_the_second_one()
    {
        Write("en", "demo.yaml", Regime.Replace("id: demo-two", "id: demo-one", StringComparison.Ordinal));

        var error = Single(Load(), "compliance/en/demo.yaml");

        Assert.Equal(11, error.Line);
        Assert.Contains("'demo-one' is used twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_key_is_reported()
    {
        Write("en", "demo.yaml", Regime.Replace("version: 2", "version: 2\nversion: 3", StringComparison.Ordinal));

        var error = Single(Load(), "compliance/en/demo.yaml");

        Assert.Equal((4, "key 'version' appears twice"), (error.Line, error.Message));
    }

    [Fact]
    public void An_unknown_question_code_in_a_rule_is_reported_on_the_rule_line()
    {
        Write("en", "demo.yaml", Regime.Replace("applies_when: role in (provider, deployer)", "applies_when: region = eu", StringComparison.Ordinal));

        var error = Single(Load(), "compliance/en/demo.yaml");

        Assert.Equal(14, error.Line);
        Assert.Equal("'applies_when' refers to unknown question code 'region'", error.Message);
    }

    [Theory]
    [InlineData("applies_when: users_in = eu", "allows several answers; test it with 'has'")]
    [InlineData("applies_when: personal_data has yes", "'has' is for multiple-choice questions")]
    [InlineData("applies_when: personal_data = maybe", "'personal_data' has no answer 'maybe' (its answers are yes, no)")]
    [InlineData("applies_when: users_in has eu and", "is not a valid rule: the rule ends where a condition was expected")]
    [InlineData("applies_when: users_in has eu or (role = provider", "is not a valid rule: the rule ends where ')' was expected")]
    [InlineData("applies_when: always and personal_data = yes", "'always' must be the whole rule")]
    public void A_rule_that_does_not_fit_the_questions_is_reported_on_its_line(string rule, string message)
    {
        Write("en", "demo.yaml", Regime.Replace("applies_when: users_in has eu and personal_data = yes", rule, StringComparison.Ordinal));

        var error = Single(Load(), "compliance/en/demo.yaml");

        Assert.Equal(5, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_values_for_version_date_id_and_risk_class_are_reported()
    {
        var text = Regime
            .Replace("version: 2", "version: two", StringComparison.Ordinal)
            .Replace("reviewed: 2026-01-05", "reviewed: 5 January 2026", StringComparison.Ordinal)
            .Replace("id: demo-two", "id: Demo Two", StringComparison.Ordinal)
            .Replace("    reference: Demo Art. 1", "    reference: Demo Art. 1\n    risk_class: high", StringComparison.Ordinal);
        Write("en", "demo.yaml", text);

        var errors = Load().Errors.Where(e => e.File == "compliance/en/demo.yaml").Select(e => (e.Line, e.Message)).ToList();

        Assert.Contains((3, "'version' must be a positive whole number, not 'two'"), errors);
        Assert.Contains((4, "'reviewed' must be a date written YYYY-MM-DD, not '5 January 2026'"), errors);
        Assert.Contains((11, "'risk_class' belongs only to items of eu-ai-act.yaml"), errors);
        Assert.Contains((12, "item id 'Demo Two' must be lower-case words joined by '-'"), errors);
    }

    [Fact]
    public void An_ai_act_item_without_risk_class_is_reported()
    {
        foreach (var language in GuideLanguages.All)
        {
            Write(language, "eu-ai-act.yaml", Regime.Replace("id: demo\n", "id: eu-ai-act\n", StringComparison.Ordinal)
                .Replace("    reference: Demo Art. 1", "    reference: Demo Art. 1\n    risk_class: minimal", StringComparison.Ordinal));
        }

        var errors = Load().Errors.Where(e => e.File.EndsWith("eu-ai-act.yaml", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal((12, "every AI Act item needs a 'risk_class' (prohibited, high, limited or minimal)"), (e.Line, e.Message)));
    }

    [Fact]
    public void An_id_that_differs_from_the_file_name_is_reported()
    {
        Write("en", "demo.yaml", Regime.Replace("id: demo\n", "id: other\n", StringComparison.Ordinal));

        var error = Single(Load(), "compliance/en/demo.yaml");

        Assert.Equal((1, "'id' is 'other' but the file is named demo.yaml; they must match"), (error.Line, error.Message));
    }

    [Fact]
    public void Languages_with_different_item_order_are_reported_against_the_english_file()
    {
        var swapped = Regime
            .Replace("id: demo-one", "id: placeholder", StringComparison.Ordinal)
            .Replace("id: demo-two", "id: demo-one", StringComparison.Ordinal)
            .Replace("id: placeholder", "id: demo-two", StringComparison.Ordinal);
        Write("en", "demo.yaml", swapped);

        var error = Single(Load(), "compliance/en/demo.yaml");

        Assert.Equal(8, error.Line);
        Assert.Contains("the item ids differ from the 'zh-CN' version's (demo-two, demo-one here, demo-one, demo-two there)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Languages_with_different_references_or_rules_are_reported_on_the_item()
    {
        Write("en", "demo.yaml", Regime
            .Replace("reference: Demo Art. 2", "reference: Demo Art. 3", StringComparison.Ordinal)
            .Replace("applies_when: role in (provider, deployer)", "applies_when: role = provider", StringComparison.Ordinal));

        var errors = Load().Errors.Where(e => e.File == "compliance/en/demo.yaml").ToList();

        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(11, e.Line));
        Assert.Contains(errors, e => e.Message == "the reference of 'demo-two' is 'Demo Art. 3' here but 'Demo Art. 2' in the 'zh-CN' version");
        Assert.Contains(errors, e => e.Message.StartsWith("'applies_when' of 'demo-two' is 'role = provider' here", StringComparison.Ordinal));
    }

    [Fact]
    public void Rules_written_with_different_spacing_are_the_same_rule()
    {
        Write("en", "demo.yaml", Regime.Replace("applies_when: role in (provider, deployer)", "applies_when: role in ( provider,deployer )", StringComparison.Ordinal));

        Assert.Empty(Load().Errors);
    }

    [Fact]
    public void Question_problems_are_reported_and_the_bad_question_is_left_out()
    {
        var text = Questions
            .Replace("    ask_when: users_in has eu", "    ask_when: narrow = yes", StringComparison.Ordinal)
            .Replace("    text: Personal data?", "    text: Personal data?\n    options:\n      - code: yes\n        label: Yes", StringComparison.Ordinal)
            .Replace("        except_when: narrow = yes", "        except_when: unknown = yes", StringComparison.Ordinal);
        Write("en", "questions.yaml", text);

        var catalog = Load();
        var errors = catalog.Errors.Where(e => e.File == "compliance/en/questions.yaml").Select(e => (e.Line, e.Message)).ToList();

        Assert.Contains((16, "a yes_no question has the fixed answers 'yes' and 'no'; remove 'options'"), errors);
        Assert.Contains((21, "'ask_when' refers to 'narrow', which is not a question asked before this one"), errors);
        Assert.Contains((39, "'except_when' refers to unknown question code 'unknown'"), errors);
        Assert.Null(catalog.Get("en").Questionnaire.Question("role"));
        Assert.Contains(catalog.Errors, e => e.File == "compliance/en/questions.yaml" && e.Message.Contains("the question codes differ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_duplicate_question_code_and_a_bad_kind_are_reported()
    {
        Write("en", "questions.yaml", Questions
            .Replace("  - code: narrow\n    kind: yes_no", "  - code: role\n    kind: maybe", StringComparison.Ordinal));

        var errors = Load().Errors.Where(e => e.File == "compliance/en/questions.yaml").Select(e => (e.Line, e.Message)).ToList();

        Assert.Contains((41, "question code 'role' is used twice"), errors);
        Assert.Contains((42, "'kind' must be one of yes_no, single, multi, not 'maybe'"), errors);
    }

    [Fact]
    public void Missing_folders_files_and_empty_files_are_errors_not_exceptions()
    {
        Directory.Delete(Path.Combine(root, "compliance", "en"), recursive: true);
        Write("zh-CN", "empty.yaml", "");
        Write("zh-CN", "notes.txt", "hello");

        var catalog = Load();

        Assert.Contains(catalog.Errors, e => e == new ContentError("compliance/en", 1, "the language folder is missing"));
        Assert.Contains(catalog.Errors, e => e == new ContentError("compliance/zh-CN/empty.yaml", 1, "the file is empty"));
        Assert.Contains(catalog.Errors, e => e.File == "compliance/zh-CN/notes.txt");
        Assert.Empty(catalog.Get("en").Regimes);
        Assert.Single(catalog.Get("zh-CN").Regimes);
    }

    [Fact]
    public void A_root_without_compliance_content_reports_each_language()
    {
        var catalog = ComplianceCatalog.Load(Path.Combine(root, "nowhere"));

        Assert.Equal(["compliance/zh-CN", "compliance/en"], catalog.Errors.Select(e => e.File));
        Assert.Throws<ArgumentException>(() => catalog.Get("fr"));
    }

    [Fact]
    public void The_test_questionnaire_classifies_and_respects_except_when()
    {
        var questionnaire = Load().Get("en").Questionnaire;

        var hiring = AiActClassifier.Classify(questionnaire, ComplianceAnswers.Empty.With("uses", "hiring", "chat"));
        var narrowHiring = AiActClassifier.Classify(questionnaire, ComplianceAnswers.Empty.With("uses", "hiring").With("narrow", "yes"));

        Assert.Equal(AiRiskClass.High, hiring.RiskClass);
        Assert.Equal(["hiring", "chat"], hiring.Reasons.Select(r => r.OptionCode));
        Assert.Equal(AiRiskClass.Minimal, narrowHiring.RiskClass);
        Assert.Equal("hiring", Assert.Single(narrowHiring.SetAside).OptionCode);
    }
}
