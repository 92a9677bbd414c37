namespace Portal.Content.Tests.Compliance;

/// <summary>The real checklists: they load cleanly and both languages hold the same data.</summary>
public sealed class ComplianceContentTests
{
    private static ComplianceCatalog Catalog => RealComplianceContent.Catalog;

    private static ComplianceChecklists Chinese => Catalog.Get(GuideLanguages.Chinese);

    private static ComplianceChecklists English => Catalog.Get(GuideLanguages.English);

    private static ComplianceQuestion Question(ComplianceQuestionnaire questionnaire, string code) =>
        questionnaire.Question(code) ?? throw new Xunit.Sdk.XunitException($"no question '{code}'");

    private static ComplianceRegime Regime(ComplianceChecklists checklists, string id) =>
        checklists.Regime(id) ?? throw new Xunit.Sdk.XunitException($"no regime '{id}' in {checklists.Language}");

    [Fact]
    public void Real_compliance_content_has_no_errors()
    {
        Assert.True(Catalog.Errors.Count == 0, "content/compliance has errors:\n" + string.Join('\n', Catalog.Errors));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void Every_language_holds_the_six_regimes_in_order(string language)
    {
        Assert.Equal(RealComplianceContent.RegimeIds, Catalog.Get(language).Regimes.Select(r => r.Id));
    }

    [Fact]
    public void Both_languages_hold_the_same_items_in_the_same_order_with_the_same_references_and_rules()
    {
        foreach (var (zh, en) in Chinese.Regimes.Zip(English.Regimes))
        {
            Assert.Equal(zh.Id, en.Id);
            Assert.Equal(zh.Version, en.Version);
            Assert.Equal(zh.Reviewed, en.Reviewed);
            Assert.Equal(zh.AppliesWhen.Canonical, en.AppliesWhen.Canonical);
            Assert.Equal(zh.Items.Select(i => i.Id), en.Items.Select(i => i.Id));
            Assert.Equal(zh.Items.Select(i => i.Reference), en.Items.Select(i => i.Reference));
            Assert.Equal(zh.Items.Select(i => i.AppliesWhen?.Canonical), en.Items.Select(i => i.AppliesWhen?.Canonical));
            Assert.Equal(zh.Items.Select(i => i.RiskClass), en.Items.Select(i => i.RiskClass));
        }
    }

    [Fact]
    public void Both_languages_ask_the_same_questions_with_the_same_answers_and_rules()
    {
        var zh = Chinese.Questionnaire;
        var en = English.Questionnaire;
        Assert.Equal(zh.Version, en.Version);
        Assert.Equal(zh.Reviewed, en.Reviewed);
        Assert.Equal(zh.Questions.Select(q => (q.Code, q.Kind, q.AskWhen.Canonical)), en.Questions.Select(q => (q.Code, q.Kind, q.AskWhen.Canonical)));
        foreach (var (zq, eq) in zh.Questions.Zip(en.Questions))
        {
            Assert.Equal(
                zq.Options.Select(o => (o.Code, o.RiskClass, o.Reference, o.ExceptWhen?.Canonical)),
                eq.Options.Select(o => (o.Code, o.RiskClass, o.Reference, o.ExceptWhen?.Canonical)));
        }
    }

    [Fact]
    public void The_questions_cover_markets_data_training_china_and_the_ai_act()
    {
        var questionnaire = English.Questionnaire;
        foreach (var code in new[] { "users_in", "personal_data", "sensitive_data", "children_data", "trains_on_user_data", "china_public_genai", "ai_prohibited_uses", "ai_high_risk_areas", "ai_transparency" })
        {
            Assert.NotNull(questionnaire.Question(code));
        }

        Assert.Equal(["eu", "california", "china", "other"], Question(questionnaire, "users_in").Options.Select(o => o.Code));
        Assert.Equal(8, Question(questionnaire, "ai_prohibited_uses").Options.Count(o => o.RiskClass == AiRiskClass.Prohibited));
        Assert.All(Question(questionnaire, "ai_prohibited_uses").Options.Where(o => o.RiskClass is not null), o => Assert.StartsWith("AI Act Art. 5(1)(", o.Reference, StringComparison.Ordinal));
        Assert.Equal(8, Question(questionnaire, "ai_high_risk_areas").Options.Count(o => o.Reference?.StartsWith("AI Act Annex III(", StringComparison.Ordinal) == true));
        Assert.All(Question(questionnaire, "ai_transparency").Options.Where(o => o.RiskClass is not null), o => Assert.StartsWith("AI Act Art. 50(", o.Reference, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void Every_item_has_a_requirement_and_a_reference_and_every_regime_a_notice(string language)
    {
        foreach (var regime in Catalog.Get(language).Regimes)
        {
            Assert.False(string.IsNullOrWhiteSpace(regime.Title), regime.File);
            Assert.Contains(language == GuideLanguages.Chinese ? "不构成法律意见" : "not legal advice", regime.Notice, StringComparison.Ordinal);
            Assert.All(regime.Items, item =>
            {
                Assert.False(string.IsNullOrWhiteSpace(item.Requirement), $"{regime.File}: {item.Id}");
                Assert.False(string.IsNullOrWhiteSpace(item.Reference), $"{regime.File}: {item.Id}");
                Assert.True(item.Requirement.Length <= (language == GuideLanguages.Chinese ? 160 : 420), $"{regime.File}: {item.Id} is {item.Requirement.Length} characters; keep it to 1-3 sentences");
            });
        }
    }

    [Fact]
    public void References_cite_the_regime_they_belong_to()
    {
        var prefixes = new Dictionary<string, string>
        {
            ["gdpr"] = "GDPR Art. ",
            ["ccpa"] = "CCPA ",
            ["pipl"] = "PIPL Art. ",
            ["genai-cn"] = "GenAI Measures Art. ",
            ["eu-ai-act"] = "AI Act Art. ",
        };
        foreach (var (id, prefix) in prefixes)
        {
            Assert.All(Regime(English, id).Items, item => Assert.StartsWith(prefix, item.Reference, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Each_regime_has_about_eight_to_fifteen_items_and_the_ai_act_has_duties_for_every_class()
    {
        foreach (var regime in English.Regimes.Where(r => r.Id != "eu-ai-act"))
        {
            Assert.InRange(regime.Items.Count, 8, 15);
        }

        var aiAct = Regime(English, "eu-ai-act");
        Assert.All(aiAct.Items, i => Assert.NotNull(i.RiskClass));
        foreach (var riskClass in Enum.GetValues<AiRiskClass>())
        {
            Assert.Contains(aiAct.Items, i => i.RiskClass == riskClass);
        }

        Assert.All(English.Regimes.Where(r => r.Id != "eu-ai-act").SelectMany(r => r.Items), i => Assert.Null(i.RiskClass));
    }

    [Fact]
    public void Reviewed_dates_are_present_and_not_in_the_future()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var earliest = new DateOnly(2026, 1, 1);
        foreach (var checklists in new[] { Chinese, English })
        {
            Assert.InRange(checklists.Questionnaire.Reviewed, earliest, today);
            Assert.All(checklists.Regimes, r => Assert.InRange(r.Reviewed, earliest, today));
            Assert.All(checklists.Regimes, r => Assert.True(r.Version >= 1, r.File));
        }
    }

    [Fact]
    public void Chinese_titles_use_the_official_names_of_the_chinese_rules()
    {
        Assert.Contains("《中华人民共和国个人信息保护法》", Regime(Chinese, "pipl").Title, StringComparison.Ordinal);
        Assert.Contains("《生成式人工智能服务管理暂行办法》", Regime(Chinese, "genai-cn").Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Chinese_texts_use_chinese_punctuation()
    {
        var texts = Chinese.Regimes.SelectMany(r => r.Items.Select(i => i.Requirement).Append(r.Notice))
            .Concat(Chinese.Questionnaire.Questions.SelectMany(q => q.Options.Select(o => o.Label).Append(q.Text)));
        Assert.All(texts, text =>
        {
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}[,;:?]", text);
            Assert.DoesNotContain("\n", text, StringComparison.Ordinal);
            Assert.DoesNotMatch(@"[\p{IsCJKUnifiedIdeographs}，。；：]\s[\p{IsCJKUnifiedIdeographs}，。；：]", text);
        });
    }
}
