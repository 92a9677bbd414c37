namespace Portal.Content.Tests.Compliance;

/// <summary>
/// Worked cases over the real checklists, in both languages: which regimes and items apply, and the AI Act class with
/// its reasons.
/// </summary>
public sealed class ComplianceApplicabilityTests
{
    private static ComplianceAssessment Assess(string language, ComplianceAnswers answers) =>
        ComplianceApplicability.Assess(RealComplianceContent.Catalog.Get(language), answers);

    private static RegimeApplicability Regime(ComplianceAssessment assessment, string id) =>
        assessment.Regime(id) ?? throw new Xunit.Sdk.XunitException($"no regime '{id}'");

    private static bool Applies(ComplianceAssessment assessment, string regime, string item) =>
        Regime(assessment, regime).Items.Single(i => i.Item.Id == item).Applies;

    private static ComplianceAnswers EuAiCompany(string role) => ComplianceAnswers.Empty
        .With("users_in", "eu")
        .With("established_in", "eu")
        .With("personal_data", "yes")
        .With("sensitive_data", "no")
        .With("children_data", "no")
        .With("ai_system", "yes")
        .With("ai_role", role)
        .With("ai_prohibited_uses", "none")
        .With("ai_high_risk_areas", "none")
        .With("ai_transparency", "none");

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void An_eu_cv_screening_tool_is_high_risk_with_the_providers_duties(string language)
    {
        var answers = EuAiCompany("provider")
            .With("automated_decisions", "yes")
            .With("ai_high_risk_areas", "employment")
            .With("ai_narrow_task", "no")
            .With("ai_profiling", "yes");

        var assessment = Assess(language, answers);

        Assert.Equal(AiRiskClass.High, assessment.AiAct.RiskClass);
        var reason = Assert.Single(assessment.AiAct.Reasons);
        Assert.Equal(("ai_high_risk_areas", "employment", "AI Act Annex III(4)"), (reason.QuestionCode, reason.OptionCode, reason.Reference));
        Assert.Equal(["gdpr", "eu-ai-act"], assessment.ApplicableRegimeIds);
        Assert.True(Applies(assessment, "eu-ai-act", "ai-high-risk-management"));
        Assert.True(Applies(assessment, "eu-ai-act", "ai-high-conformity"));
        Assert.True(Applies(assessment, "eu-ai-act", "ai-minimal-literacy"));
        Assert.False(Applies(assessment, "eu-ai-act", "ai-high-deployer-duties"));
        Assert.False(Applies(assessment, "eu-ai-act", "ai-high-authorised-representative"));
        Assert.False(Applies(assessment, "eu-ai-act", "ai-limited-chatbot"));
        Assert.False(Applies(assessment, "eu-ai-act", "ai-prohibited-stop"));
        Assert.True(Applies(assessment, "gdpr", "gdpr-automated-decisions"));
        Assert.False(Applies(assessment, "gdpr", "gdpr-representative"));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void A_customer_service_chatbot_is_limited_risk_with_the_chatbot_duty(string language)
    {
        var answers = EuAiCompany("provider").With("ai_transparency", "chatbot");

        var assessment = Assess(language, answers);

        Assert.Equal(AiRiskClass.Limited, assessment.AiAct.RiskClass);
        Assert.Equal("AI Act Art. 50(1)", Assert.Single(assessment.AiAct.Reasons).Reference);
        Assert.Equal(new HashSet<AiRiskClass> { AiRiskClass.Limited, AiRiskClass.Minimal }, assessment.AiAct.DutyClasses);
        var applicable = Regime(assessment, "eu-ai-act").ApplicableItems.Select(i => i.Id);
        Assert.Equal(["ai-limited-chatbot", "ai-minimal-literacy", "ai-minimal-codes"], applicable);
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void Social_scoring_by_a_public_authority_is_prohibited_and_only_the_prohibition_applies(string language)
    {
        var answers = EuAiCompany("deployer")
            .With("ai_prohibited_uses", "social_scoring")
            .With("ai_high_risk_areas", "essential_services")
            .With("ai_narrow_task", "no")
            .With("ai_profiling", "yes");

        var assessment = Assess(language, answers);

        Assert.Equal(AiRiskClass.Prohibited, assessment.AiAct.RiskClass);
        Assert.Equal(
            [(AiRiskClass.Prohibited, "AI Act Art. 5(1)(c)"), (AiRiskClass.High, "AI Act Annex III(5)")],
            assessment.AiAct.Reasons.Select(r => (r.RiskClass, r.Reference)));
        Assert.Equal(["ai-prohibited-stop", "ai-prohibited-exceptions"], Regime(assessment, "eu-ai-act").ApplicableItems.Select(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void An_internal_spam_filter_is_minimal_risk(string language)
    {
        var assessment = Assess(language, EuAiCompany("deployer"));

        Assert.Equal(AiRiskClass.Minimal, assessment.AiAct.RiskClass);
        Assert.Empty(assessment.AiAct.Reasons);
        Assert.Equal(["ai-minimal-literacy", "ai-minimal-codes"], Regime(assessment, "eu-ai-act").ApplicableItems.Select(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void A_chinese_public_text_to_image_service_meets_pipl_and_the_generative_ai_measures(string language)
    {
        var answers = ComplianceAnswers.Empty
            .With("users_in", "china")
            .With("established_in", "china")
            .With("personal_data", "yes")
            .With("sensitive_data", "no")
            .With("children_data", "no")
            .With("trains_on_user_data", "no")
            .With("china_data_exported", "no")
            .With("china_public_genai", "yes")
            .With("public_opinion", "yes")
            .With("ai_system", "yes")
            .With("ai_role", "provider")
            .With("ai_transparency", "synthetic_content")
            .With("trains_models", "yes")
            .With("web_data", "no")
            .With("open_models", "yes")
            .With("open_source_code", "yes");

        var assessment = Assess(language, answers);

        Assert.Equal(["pipl", "genai-cn", "licensing"], assessment.ApplicableRegimeIds);
        Assert.All(Regime(assessment, "genai-cn").Items, i => Assert.True(i.Applies, i.Item.Id));
        Assert.True(Applies(assessment, "pipl", "pipl-legal-basis"));
        Assert.False(Applies(assessment, "pipl", "pipl-china-representative"));
        Assert.False(Applies(assessment, "pipl", "pipl-cross-border"));
        Assert.True(Applies(assessment, "licensing", "lic-open-weight-terms"));
        Assert.False(Applies(assessment, "licensing", "lic-eu-tdm-opt-out"));
        Assert.False(Regime(assessment, "eu-ai-act").Applies);
        Assert.Empty(Regime(assessment, "eu-ai-act").ApplicableItems);
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void A_cv_tool_that_only_checks_finished_human_work_falls_under_the_article_6_3_derogation(string language)
    {
        var answers = EuAiCompany("provider")
            .With("ai_high_risk_areas", "employment")
            .With("ai_narrow_task", "yes")
            .With("ai_profiling", "no");

        var assessment = Assess(language, answers);

        Assert.Equal(AiRiskClass.Minimal, assessment.AiAct.RiskClass);
        Assert.Equal("employment", Assert.Single(assessment.AiAct.SetAside).OptionCode);
        Assert.True(Applies(assessment, "eu-ai-act", "ai-minimal-annex3-assessment"));
        Assert.False(Applies(assessment, "eu-ai-act", "ai-high-risk-management"));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void Profiling_keeps_an_annex_iii_use_high_risk_even_for_a_narrow_task(string language)
    {
        var answers = EuAiCompany("provider")
            .With("ai_high_risk_areas", "employment")
            .With("ai_narrow_task", "yes")
            .With("ai_profiling", "yes");

        Assert.Equal(AiRiskClass.High, Assess(language, answers).AiAct.RiskClass);
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void A_retail_emotion_recognition_system_has_high_risk_and_transparency_duties(string language)
    {
        var answers = EuAiCompany("both")
            .With("established_in", "us")
            .With("sensitive_data", "yes")
            .With("eu_data_exported", "yes")
            .With("ai_high_risk_areas", "biometrics")
            .With("ai_narrow_task", "no")
            .With("ai_profiling", "yes")
            .With("ai_transparency", "emotion_recognition");

        var assessment = Assess(language, answers);

        Assert.Equal(AiRiskClass.High, assessment.AiAct.RiskClass);
        Assert.Equal(new HashSet<AiRiskClass> { AiRiskClass.High, AiRiskClass.Limited, AiRiskClass.Minimal }, assessment.AiAct.DutyClasses);
        Assert.True(Applies(assessment, "eu-ai-act", "ai-high-deployer-duties"));
        Assert.True(Applies(assessment, "eu-ai-act", "ai-high-authorised-representative"));
        Assert.True(Applies(assessment, "eu-ai-act", "ai-limited-emotion-biometric"));
        Assert.True(Applies(assessment, "gdpr", "gdpr-special-categories"));
        Assert.True(Applies(assessment, "gdpr", "gdpr-transfers"));
        Assert.True(Applies(assessment, "gdpr", "gdpr-representative"));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void A_californian_business_that_sells_childrens_data_gets_the_opt_out_and_minors_items(string language)
    {
        var answers = ComplianceAnswers.Empty
            .With("users_in", "california")
            .With("established_in", "us")
            .With("personal_data", "yes")
            .With("sensitive_data", "no")
            .With("children_data", "yes")
            .With("automated_decisions", "no")
            .With("ccpa_role", "business")
            .With("ccpa_sells_shares", "yes");

        var assessment = Assess(language, answers);

        Assert.Equal(["ccpa"], assessment.ApplicableRegimeIds);
        Assert.True(Applies(assessment, "ccpa", "ccpa-opt-out"));
        Assert.True(Applies(assessment, "ccpa", "ccpa-minors"));
        Assert.True(Applies(assessment, "ccpa", "ccpa-risk-assessment"));
        Assert.False(Applies(assessment, "ccpa", "ccpa-admt"));
        Assert.False(Applies(assessment, "ccpa", "ccpa-service-provider"));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void A_service_provider_gets_only_the_service_provider_and_security_items(string language)
    {
        var answers = ComplianceAnswers.Empty
            .With("users_in", "california")
            .With("personal_data", "yes")
            .With("ccpa_role", "service_provider");

        var assessment = Assess(language, answers);

        Assert.Equal(["ccpa-security", "ccpa-service-provider"], Regime(assessment, "ccpa").ApplicableItems.Select(i => i.Id));
    }

    [Theory]
    [MemberData(nameof(RealComplianceContent.Languages), MemberType = typeof(RealComplianceContent))]
    public void Answers_to_questions_that_are_not_asked_are_ignored(string language)
    {
        var answers = ComplianceAnswers.Empty
            .With("users_in", "eu", "california")
            .With("personal_data", "no")
            .With("sensitive_data", "yes")
            .With("ccpa_role", "business")
            .With("ccpa_sells_shares", "yes")
            .With("ai_system", "no")
            .With("ai_prohibited_uses", "social_scoring");

        var assessment = Assess(language, answers);

        Assert.False(assessment.Answers.IsAnswered("sensitive_data"));
        Assert.False(assessment.Answers.IsAnswered("ccpa_role"));
        Assert.False(assessment.Answers.IsAnswered("ai_prohibited_uses"));
        Assert.Equal(AiRiskClass.Minimal, assessment.AiAct.RiskClass);
        Assert.Empty(assessment.ApplicableRegimeIds);
        Assert.All(assessment.Regimes, r => Assert.All(r.Items, i => Assert.False(i.Applies)));
    }

    [Fact]
    public void A_gpai_model_released_in_the_eu_gets_the_copyright_policy_item()
    {
        var answers = ComplianceAnswers.Empty
            .With("users_in", "eu")
            .With("trains_models", "yes")
            .With("web_data", "yes")
            .With("gpai_model", "yes");

        var assessment = Assess(GuideLanguages.English, answers);

        Assert.Equal(["licensing"], assessment.ApplicableRegimeIds);
        Assert.True(Applies(assessment, "licensing", "lic-gpai-copyright"));
        Assert.True(Applies(assessment, "licensing", "lic-eu-tdm-opt-out"));
        Assert.True(Applies(assessment, "licensing", "lic-us-fair-use"));
        Assert.False(Applies(assessment, "licensing", "lic-copyleft"));
    }

    [Fact]
    public void Both_languages_give_the_same_result_for_the_same_answers()
    {
        var answers = EuAiCompany("both")
            .With("users_in", "eu", "china", "california")
            .With("ccpa_role", "business")
            .With("ai_transparency", "chatbot", "synthetic_content", "deepfake")
            .With("china_public_genai", "yes");

        var zh = Assess(GuideLanguages.Chinese, answers);
        var en = Assess(GuideLanguages.English, answers);

        Assert.Equal(
            zh.Regimes.Select(r => (r.Regime.Id, r.Applies, string.Join(',', r.ApplicableItems.Select(i => i.Id)))),
            en.Regimes.Select(r => (r.Regime.Id, r.Applies, string.Join(',', r.ApplicableItems.Select(i => i.Id)))));
        Assert.Equal(zh.AiAct.Reasons.Select(r => r.OptionCode), en.AiAct.Reasons.Select(r => r.OptionCode));
        Assert.NotEqual(zh.AiAct.Reasons[0].Label, en.AiAct.Reasons[0].Label);
    }
}
