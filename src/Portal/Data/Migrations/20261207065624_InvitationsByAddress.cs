using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class InvitationsByAddress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InviteeEmail",
                table: "WorkspaceInvitation",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InviteeNormalizedEmail",
                table: "WorkspaceInvitation",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_WorkspaceInvitation_InviteeNormalizedEmail",
                table: "WorkspaceInvitation",
                column: "InviteeNormalizedEmail");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_WorkspaceInvitation_InviteeNormalizedEmail",
                table: "WorkspaceInvitation");

            migrationBuilder.DropColumn(
                name: "InviteeEmail",
                table: "WorkspaceInvitation");

            migrationBuilder.DropColumn(
                name: "InviteeNormalizedEmail",
                table: "WorkspaceInvitation");
        }
    }
}
