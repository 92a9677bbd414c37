using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations
{
    /// <inheritdoc />
    public partial class ResumedRunTimings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "AttemptStartedAt",
                table: "TrainingRun",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "TrainingSeconds",
                table: "TrainingRun",
                type: "REAL",
                nullable: false,
                defaultValue: 0.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AttemptStartedAt",
                table: "TrainingRun");

            migrationBuilder.DropColumn(
                name: "TrainingSeconds",
                table: "TrainingRun");
        }
    }
}
