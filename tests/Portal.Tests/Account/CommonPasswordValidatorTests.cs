using Portal.Components.Account;
using Portal.Data;
using Portal.Tests.Infrastructure;

namespace Portal.Tests.Account;

public sealed class CommonPasswordValidatorTests
{
    [Theory]
    [InlineData("Password123")]
    [InlineData("Qwerty12345")]
    [InlineData("Iloveyou2024")]
    [InlineData("2024Iloveyou!")]
    [InlineData("1234567890")]
    [InlineData("Q1w2e3r4!!")]
    [InlineData("Blink182!!")]
    public void A_common_password_with_digits_or_symbols_around_it_is_common(string password) =>
        Assert.True(CommonPasswordValidator.IsCommon(password));

    [Theory]
    [InlineData("Tq7vLm2pXz9w")]
    [InlineData("Str0ngPassword")]
    [InlineData(DemoSeeder.Password)]
    [InlineData(TestUsers.Password)]
    public void A_password_off_the_list_passes(string password) =>
        Assert.False(CommonPasswordValidator.IsCommon(password));
}
