using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MarketAndCompliance : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ComparisonRow",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Hidden = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComparisonRow", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ComparisonRow_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CompetitiveStrategy",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    FocusSegment = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Statement = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    UpdatedById = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompetitiveStrategy", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_CompetitiveStrategy_AspNetUsers_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_CompetitiveStrategy_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Competitor",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    IsOwnCompany = table.Column<bool>(type: "boolean", nullable: false),
                    Website = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Segment = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Pricing = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    FundingStage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Strengths = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Weaknesses = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Competitor", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Competitor_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceItemState",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    RegimeId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AppliesOverride = table.Column<bool>(type: "boolean", nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Evidence = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    OwnerUserId = table.Column<string>(type: "text", nullable: true),
                    ReviewDate = table.Column<DateOnly>(type: "date", nullable: true),
                    RiskId = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceItemState", x => new { x.WorkspaceId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_ComplianceItemState_AspNetUsers_OwnerUserId",
                        column: x => x.OwnerUserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ComplianceItemState_Risk_RiskId",
                        column: x => x.RiskId,
                        principalTable: "Risk",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ComplianceItemState_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ComplianceProfile",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    AnswersJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    QuestionsVersion = table.Column<int>(type: "integer", nullable: false),
                    UpdatedById = table.Column<string>(type: "text", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComplianceProfile", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_ComplianceProfile_AspNetUsers_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_ComplianceProfile_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "FunnelStage",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Stage = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: true),
                    KpiId = table.Column<Guid>(type: "uuid", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FunnelStage", x => new { x.WorkspaceId, x.Stage });
                    table.ForeignKey(
                        name: "FK_FunnelStage_Kpi_KpiId",
                        column: x => x.KpiId,
                        principalTable: "Kpi",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_FunnelStage_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MarketChannel",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Reach = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    MonthlyBudget = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    MonthlyReach = table.Column<long>(type: "bigint", nullable: false),
                    ConversionPercent = table.Column<double>(type: "double precision", nullable: false),
                    CanvasNoteId = table.Column<Guid>(type: "uuid", nullable: true),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarketChannel", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MarketChannel_CanvasNote_CanvasNoteId",
                        column: x => x.CanvasNoteId,
                        principalTable: "CanvasNote",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_MarketChannel_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Persona",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Segment = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Goals = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Pains = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Jobs = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Quote = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Persona", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Persona_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PositioningMap",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    XAxis = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    YAxis = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PositioningMap", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PositioningMap_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RetentionCohortSet",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    CohortsJson = table.Column<string>(type: "text", nullable: false),
                    CreatedById = table.Column<string>(type: "text", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionCohortSet", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RetentionCohortSet_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_RetentionCohortSet_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UnitEconomics",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    MonthlyPrice = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: false),
                    GrossMarginPercent = table.Column<double>(type: "double precision", nullable: false),
                    InferenceCostPerCustomer = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: true),
                    LabRunId = table.Column<Guid>(type: "uuid", nullable: true),
                    RequestsPerCustomer = table.Column<long>(type: "bigint", nullable: false),
                    MonthlyChurnPercent = table.Column<double>(type: "double precision", nullable: false),
                    CacOverride = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UnitEconomics", x => x.WorkspaceId);
                    table.ForeignKey(
                        name: "FK_UnitEconomics_TrainingRun_LabRunId",
                        column: x => x.LabRunId,
                        principalTable: "TrainingRun",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_UnitEconomics_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StrategyValueProposition",
                columns: table => new
                {
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    CanvasNoteId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StrategyValueProposition", x => new { x.WorkspaceId, x.CanvasNoteId });
                    table.ForeignKey(
                        name: "FK_StrategyValueProposition_CanvasNote_CanvasNoteId",
                        column: x => x.CanvasNoteId,
                        principalTable: "CanvasNote",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StrategyValueProposition_CompetitiveStrategy_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "CompetitiveStrategy",
                        principalColumn: "WorkspaceId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ComparisonCell",
                columns: table => new
                {
                    RowId = table.Column<Guid>(type: "uuid", nullable: false),
                    CompetitorId = table.Column<Guid>(type: "uuid", nullable: false),
                    WorkspaceId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Value = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ComparisonCell", x => new { x.RowId, x.CompetitorId });
                    table.ForeignKey(
                        name: "FK_ComparisonCell_ComparisonRow_RowId",
                        column: x => x.RowId,
                        principalTable: "ComparisonRow",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ComparisonCell_Competitor_CompetitorId",
                        column: x => x.CompetitorId,
                        principalTable: "Competitor",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ComparisonCell_Workspaces_WorkspaceId",
                        column: x => x.WorkspaceId,
                        principalTable: "Workspaces",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CompetitorSource",
                columns: table => new
                {
                    CompetitorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Fact = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Source = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    SeenOn = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CompetitorSource", x => new { x.CompetitorId, x.Fact });
                    table.ForeignKey(
                        name: "FK_CompetitorSource_Competitor_CompetitorId",
                        column: x => x.CompetitorId,
                        principalTable: "Competitor",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PersonaInterview",
                columns: table => new
                {
                    PersonaId = table.Column<Guid>(type: "uuid", nullable: false),
                    InterviewId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PersonaInterview", x => new { x.PersonaId, x.InterviewId });
                    table.ForeignKey(
                        name: "FK_PersonaInterview_Interview_InterviewId",
                        column: x => x.InterviewId,
                        principalTable: "Interview",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PersonaInterview_Persona_PersonaId",
                        column: x => x.PersonaId,
                        principalTable: "Persona",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MapPlacement",
                columns: table => new
                {
                    MapId = table.Column<Guid>(type: "uuid", nullable: false),
                    CompetitorId = table.Column<Guid>(type: "uuid", nullable: false),
                    X = table.Column<double>(type: "double precision", nullable: false),
                    Y = table.Column<double>(type: "double precision", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MapPlacement", x => new { x.MapId, x.CompetitorId });
                    table.ForeignKey(
                        name: "FK_MapPlacement_Competitor_CompetitorId",
                        column: x => x.CompetitorId,
                        principalTable: "Competitor",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_MapPlacement_PositioningMap_MapId",
                        column: x => x.MapId,
                        principalTable: "PositioningMap",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ComparisonCell_CompetitorId",
                table: "ComparisonCell",
                column: "CompetitorId");

            migrationBuilder.CreateIndex(
                name: "IX_ComparisonCell_WorkspaceId",
                table: "ComparisonCell",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_ComparisonRow_WorkspaceId",
                table: "ComparisonRow",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_CompetitiveStrategy_UpdatedById",
                table: "CompetitiveStrategy",
                column: "UpdatedById");

            migrationBuilder.CreateIndex(
                name: "IX_Competitor_WorkspaceId",
                table: "Competitor",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Competitors_OwnCompany",
                table: "Competitor",
                column: "WorkspaceId",
                unique: true,
                filter: "\"IsOwnCompany\"");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceItemState_OwnerUserId",
                table: "ComplianceItemState",
                column: "OwnerUserId");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceItemState_RiskId",
                table: "ComplianceItemState",
                column: "RiskId");

            migrationBuilder.CreateIndex(
                name: "IX_ComplianceProfile_UpdatedById",
                table: "ComplianceProfile",
                column: "UpdatedById");

            migrationBuilder.CreateIndex(
                name: "IX_FunnelStage_KpiId",
                table: "FunnelStage",
                column: "KpiId");

            migrationBuilder.CreateIndex(
                name: "IX_MapPlacement_CompetitorId",
                table: "MapPlacement",
                column: "CompetitorId");

            migrationBuilder.CreateIndex(
                name: "IX_MarketChannel_CanvasNoteId",
                table: "MarketChannel",
                column: "CanvasNoteId");

            migrationBuilder.CreateIndex(
                name: "IX_MarketChannel_WorkspaceId",
                table: "MarketChannel",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_Persona_WorkspaceId",
                table: "Persona",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_PersonaInterview_InterviewId",
                table: "PersonaInterview",
                column: "InterviewId");

            migrationBuilder.CreateIndex(
                name: "IX_PositioningMap_WorkspaceId",
                table: "PositioningMap",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_RetentionCohortSet_CreatedById",
                table: "RetentionCohortSet",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_RetentionCohortSet_WorkspaceId",
                table: "RetentionCohortSet",
                column: "WorkspaceId");

            migrationBuilder.CreateIndex(
                name: "IX_StrategyValueProposition_CanvasNoteId",
                table: "StrategyValueProposition",
                column: "CanvasNoteId");

            migrationBuilder.CreateIndex(
                name: "IX_UnitEconomics_LabRunId",
                table: "UnitEconomics",
                column: "LabRunId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ComparisonCell");

            migrationBuilder.DropTable(
                name: "CompetitorSource");

            migrationBuilder.DropTable(
                name: "ComplianceItemState");

            migrationBuilder.DropTable(
                name: "ComplianceProfile");

            migrationBuilder.DropTable(
                name: "FunnelStage");

            migrationBuilder.DropTable(
                name: "MapPlacement");

            migrationBuilder.DropTable(
                name: "MarketChannel");

            migrationBuilder.DropTable(
                name: "PersonaInterview");

            migrationBuilder.DropTable(
                name: "RetentionCohortSet");

            migrationBuilder.DropTable(
                name: "StrategyValueProposition");

            migrationBuilder.DropTable(
                name: "UnitEconomics");

            migrationBuilder.DropTable(
                name: "ComparisonRow");

            migrationBuilder.DropTable(
                name: "Competitor");

            migrationBuilder.DropTable(
                name: "PositioningMap");

            migrationBuilder.DropTable(
                name: "Persona");

            migrationBuilder.DropTable(
                name: "CompetitiveStrategy");
        }
    }
}
