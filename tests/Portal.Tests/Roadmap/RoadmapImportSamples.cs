namespace Portal.Tests.Roadmap;

/// <summary>Files shaped like real exports, written by hand: a small Trello board and a Jira CSV with repeated columns.</summary>
public static class RoadmapImportSamples
{
    /// <summary>
    /// Five lists (one archived, one named as no board column), eight cards: four good ones, an archived card, a card of
    /// the archived list, a card whose name is a number and a card of a list that is not in the file.
    /// </summary>
    public const string TrelloBoard = """
        {
          "id": "b1", "name": "Acme launch", "desc": "", "closed": false,
          "prefs": { "background": "blue", "backgroundImageScaled": [ { "width": 140, "height": 100, "url": "https://example.com/b.png" } ] },
          "labels": [ { "id": "lab1", "name": "ML", "color": "green" } ],
          "lists": [
            { "id": "l1", "name": "To Do", "closed": false, "pos": 1 },
            { "id": "l2", "name": "进行中", "closed": false, "pos": 2 },
            { "id": "l3", "name": "Waiting for review", "closed": false, "pos": 3 },
            { "id": "l4", "name": "Done", "closed": false, "pos": 4 },
            { "id": "l5", "name": "Old ideas", "closed": true, "pos": 5 }
          ],
          "members": [
            { "id": "m1", "fullName": "Owner", "username": "owner1" },
            { "id": "m2", "fullName": "Grace Hopper", "username": "grace" }
          ],
          "cards": [
            { "id": "c1", "name": "Label 500 images", "desc": "For the baseline", "idList": "l1", "due": "2026-12-20T09:00:00.000Z", "closed": false, "idMembers": ["m1"], "labels": [ { "id": "lab1" } ] },
            { "id": "c2", "name": "Train the baseline", "desc": "", "idList": "l2", "start": "2026-12-01T00:00:00.000Z", "due": "2026-12-10T17:00:00.000Z", "closed": false, "idMembers": ["m2", "m1"] },
            { "id": "c3", "name": "Review the privacy notice", "desc": "", "idList": "l3", "due": null, "closed": false, "idMembers": [] },
            { "id": "c4", "name": "Choose the cloud", "desc": "Done in November", "idList": "l4", "due": null, "closed": false },
            { "id": "c5", "name": "Archived card", "desc": "", "idList": "l1", "due": null, "closed": true },
            { "id": "c6", "name": "Card of an archived list", "desc": "", "idList": "l5", "due": null, "closed": false },
            { "id": "c7", "name": 123, "desc": "", "idList": "l1", "closed": false },
            { "id": "c8", "name": "Lost card", "desc": "", "idList": "l9", "closed": false }
          ],
          "actions": [
            { "id": "a1", "type": "createCard", "date": "2026-11-01T10:00:00.000Z", "data": { "card": { "id": "c1", "name": "Label 500 images" }, "list": { "id": "l1", "name": "To Do" }, "board": { "id": "b1" } } }
          ],
          "checklists": []
        }
        """;

    /// <summary>
    /// Jira's "all fields" CSV: Sprint and Labels repeat (one column per value), and so does Summary here, to show the
    /// first is read. Lines: 2 and 3 good (3 spans two lines), 5 an unknown status, 6 a bad date and estimate, 7 no
    /// summary, 8 a repeated key, 9 "Blocked".
    /// </summary>
    public static string JiraCsv(string ownerEmail) =>
        "\uFEFFSummary,Issue key,Issue id,Issue Type,Status,Assignee,Due date,Description,Original Estimate,Sprint,Sprint,Labels,Labels,Summary\r\n" +
        $"Train baseline model,AI-1,10001,Task,To Do,{ownerEmail},05/Dec/26 3:04 PM,Start from the lab's CNN,28800,Sprint 1,Sprint 2,ml,data,ignored second summary\r\n" +
        "Collect field data,AI-2,10002,Story,In Progress,Grace Hopper,2026-12-20,\"Two sites,\nthen a third\",57600,Sprint 1,,data,,\r\n" +
        "Fix GPU quota,AI-3,10003,Bug,Waiting for vendor,,,,,,,,,\r\n" +
        "=HYPERLINK(\"http://evil\"),AI-4,10004,Task,Done,,not a date,,abc,,,,,\r\n" +
        ",AI-5,10005,Task,To Do,,,,,,,,,\r\n" +
        "Same key again,AI-1,10006,Task,To Do,,,,,,,,,\r\n" +
        "Wait for the data licence,AI-7,10007,Task,Blocked,,2026-12-31T10:00:00.000+0800,,,,,,,\r\n";
}
