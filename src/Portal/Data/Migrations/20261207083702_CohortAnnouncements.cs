using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class CohortAnnouncements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<long>(
                name: "CommentId",
                table: "Notification",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(long),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<Guid>(
                name: "AnnouncementId",
                table: "Notification",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Announcement",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CohortId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    AuthorName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Announcement", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Announcement_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_Announcement_Cohort_CohortId",
                        column: x => x.CohortId,
                        principalTable: "Cohort",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Notification_AnnouncementId",
                table: "Notification",
                column: "AnnouncementId");

            migrationBuilder.CreateIndex(
                name: "IX_Announcement_AuthorId",
                table: "Announcement",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_Announcement_CohortId_CreatedAt",
                table: "Announcement",
                columns: new[] { "CohortId", "CreatedAt" });

            migrationBuilder.AddForeignKey(
                name: "FK_Notification_Announcement_AnnouncementId",
                table: "Notification",
                column: "AnnouncementId",
                principalTable: "Announcement",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Notification_Announcement_AnnouncementId",
                table: "Notification");

            migrationBuilder.DropTable(
                name: "Announcement");

            migrationBuilder.DropIndex(
                name: "IX_Notification_AnnouncementId",
                table: "Notification");

            migrationBuilder.DropColumn(
                name: "AnnouncementId",
                table: "Notification");

            migrationBuilder.AlterColumn<long>(
                name: "CommentId",
                table: "Notification",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L,
                oldClrType: typeof(long),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
