#!/usr/bin/env python3
"""Generate tests/data/labelled.csv and tests/data/labelled_roster.csv.

A labelled set of texts for the content detectors: invented police data
(invented surnames such as Quarrendon or Vellacott, found only through
context), plus hard negatives (counts by rank, crime references, dates,
money, postcode districts, 6-digit case numbers, rank words in headings,
"Constable" as a category...).

Columns: id, group, header, field, text, expected
- group: "roster" (roster matches), "context" (identifiers with a header or
  rank/keyword context), "pattern" (format-only evidence), "free" (names in
  free text with a listed forename), "field" (person fields), "negative".
- expected: the detector ids that should fire, ';'-separated (empty: none).

Run: python3 tests/data/make_labelled.py  (deterministic; the CSVs are
committed, this script documents how they were made).
"""
import csv
import os
import random

R = random.Random(20240611)
HERE = os.path.dirname(os.path.abspath(__file__))

# Invented surnames (none in the bundled top-4000 list) and listed forenames.
ROSTER_PEOPLE = [
    ("Jane", "Quarrendon"), ("Tom", "Vellacott"), ("Sean", "Pendleford"), ("Gareth", "Trewhella"),
    ("Ruth", "Marchbank"), ("Claire", "Corrigall"), ("Kevin", "Fennimore"), ("Laura", "Haldane"),
    ("Margaret", "Brackley"), ("Declan", "Oldcastle"), ("Bronwen", "Penhaligon"), ("Fiona", "Stallworthy"),
    ("Callum", "Tregothnan"), ("Hannah", "Underhay"), ("Rhys", "Wetherall"), ("Siobhan", "Yelland"),
    ("Eilidh", "Kerslake"), ("Gemma", "Mardle"), ("Nadia", "Nankervis"), ("Owen", "Rosewarne"),
    ("Seán", "Ó Néill"),
]
OTHER_PEOPLE = [
    ("Rory", "Scantlebury"), ("Ffion", "Venning"), ("Oisin", "Axworthy"), ("Laura", "Penwarden"),
    ("Kevin", "Trebilcock"), ("Hannah", "Gwennap"), ("Tom", "Chynoweth"), ("Ruth", "Bolitho"),
    ("Gareth", "Polglase"), ("Claire", "Tremayne"), ("Declan", "Kitto"), ("Fiona", "Hosking"),
    ("Owen", "Jago"), ("Margaret", "Pengelly"), ("Callum", "Rowse"), ("Jane", "Treloar"),
]

roster = []
used = set()


def uniq(f):
    while True:
        v = f()
        if v not in used:
            used.add(v)
            return v


for i, (f, s) in enumerate(ROSTER_PEOPLE):
    roster.append({
        "forename": f, "surname": s,
        "payroll": str(uniq(lambda: R.randint(820000, 829999))),
        "warrant": str(uniq(lambda: R.randint(140000, 149999))),
        "collar": str(uniq(lambda: R.randint(1000, 9999))) + ("AB" if i % 3 == 0 else ""),
        "email": f"{f.lower()}.{s.lower().replace(' ', '').replace('ó', 'o').replace('é', 'e')}@police.example.uk",
    })
others = []
for f, s in OTHER_PEOPLE:
    others.append({
        "forename": f, "surname": s,
        "payroll": str(uniq(lambda: R.randint(830000, 839999))),
        "warrant": str(uniq(lambda: R.randint(150000, 159999))),
        "collar": str(uniq(lambda: R.randint(1000, 9999))),
    })

RANKS = ["PC", "DC", "PS", "DS", "Sgt", "Insp", "DCI", "Det Sgt", "Police Constable"]
COLLAR_RANKS = ["PC", "DC", "PS", "DS", "Sgt", "PCSO"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def date():
    return f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/{R.randint(1950, 2004)}"


def nhs():
    while True:
        d = [R.randint(0, 9) for _ in range(9)]
        s = sum(x * (10 - i) for i, x in enumerate(d))
        c = 11 - s % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        n = "".join(map(str, d + [c]))
        return f"{n[:3]} {n[3:6]} {n[6:]}"


def ni(suffix=True):
    first = "ABCEGHJKLMNOPRSTWXYZ"
    second = "ABCEGHJKLMNPRSTWXYZ"
    while True:
        p = R.choice(first) + R.choice(second)
        if p in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            continue
        d = "".join(str(R.randint(0, 9)) for _ in range(6))
        return f"{p} {d[:2]} {d[2:4]} {d[4:]}" + (f" {R.choice('ABCD')}" if suffix else "")


def phone():
    return R.choice([
        lambda: f"07700 900{R.randint(0, 999):03d}",
        lambda: f"07700900{R.randint(0, 999):03d}",
        lambda: f"+44 7700 900{R.randint(0, 999):03d}",
        lambda: f"028 9649 6{R.randint(0, 999):03d}",
        lambda: f"020 7946 0{R.randint(0, 999):03d}",
        lambda: f"0161 496 0{R.randint(0, 999):03d}",
    ])()


POSTCODES = ["BT1 1AA", "BT7 1NN", "BT9 6AD", "SW1A 2AA", "M1 1AE", "LS1 4AP", "CF10 3NQ",
             "EH1 1YZ", "B33 8TH", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "W1A 0AX", "BT47 2DL"]


def vrm():
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return (R.choice("ABCDEFGHJKLMNOPRSTUVWXY") + R.choice(letters) +
            f"{R.choice([R.randint(2, 24), R.randint(51, 74)]):02d} " +
            "".join(R.choice(letters) for _ in range(3)))


def iban():
    bank = "".join(R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))
    acct = "".join(str(R.randint(0, 9)) for _ in range(14))
    bban = bank + acct
    num = "".join(str(int(c, 36)) for c in bban + "GB00")
    check = 98 - int(num) % 97
    s = f"GB{check:02d}{bban}"
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def ip():
    return R.choice(["192.0.2.", "198.51.100.", "203.0.113."]) + str(R.randint(32, 254))


def sortcode():
    return f"{R.randint(10, 99)}-{R.randint(10, 99)}-{R.randint(10, 99)}"


rows = []


def add(group, text, expected, header="", field=""):
    rows.append((group, header, field, text, ";".join(sorted(set(expected)))))


def fold(s):
    return s.replace("á", "a").replace("é", "e").replace("ó", "o").replace("Ó", "O")


# ---- Roster matches -------------------------------------------------------
for p in roster:
    f, s = p["forename"], p["surname"]
    add("roster", f"Call from {f} {s} re: shift swap", ["roster_match", "person_name"])
    add("roster", f"Complaint about {fold(s).upper()} {f[0]}", ["roster_match", "person_name"])
    add("roster", f"Forwarded to {f[0]}. {s} for review", ["roster_match"])
    add("roster", f"{s}, {f} - late booking", ["roster_match", "person_name"])
    add("roster", f"Statement taken by {R.choice(COLLAR_RANKS)} {p['collar']} {s} at the scene",
        ["roster_match", "shoulder_number", "person_name"])
    add("roster", f"payroll no. {p['payroll']} queried", ["roster_match", "payroll_number"])
    add("roster", f"Warrant card {p['warrant']} recovered from locker", ["roster_match", "warrant_number"])
    add("roster", p["payroll"], ["roster_match", "payroll_number"], header="Pay No")
    add("roster", f"Rota sent to {p['email']}", ["roster_match", "email_address"])
    add("roster", f"{f} {s}", ["roster_match", "person_name"], field="creator")
    add("roster", s, ["roster_match", "person_name"], header="Surname")
    add("roster", f"Overtime claim {p['payroll']} approved", ["roster_match"])

# ---- Identifiers with header, rank or keyword context ------------------------
for p in others:
    f, s = p["forename"], p["surname"]
    rank = R.choice(COLLAR_RANKS)
    add("context", f"Statement taken by {rank} {p['collar']} {s} at the scene", ["shoulder_number", "person_name"])
    add("context", f"{R.choice(RANKS)} {s} attended and took details", ["person_name"])
    add("context", f"DC {f} {s} is the officer in case", ["person_name"])
    add("context", f"Insp. {f[0]}. {s} authorised the search", ["person_name"])
    add("context", f"Mr {s} was informed of the outcome", ["person_name"])
    add("context", f"payroll no. {p['payroll']} queried", ["payroll_number"])
    add("context", f"Staff number: {p['payroll']}", ["payroll_number"])
    add("context", f"warrant {p['warrant']} issued in 2009", ["warrant_number"])
    add("context", f"collar number {p['collar']} seen on bodycam", ["shoulder_number"])
    add("context", f"{rank}{p['collar']} booked the prisoner in", ["shoulder_number"])
    add("context", s, ["person_name"], header="Surname")
    add("context", f"{s.upper()}, {f[0]}", ["person_name"], header="Officer name")
    add("context", f, ["person_name"], header="Forename")
    add("context", p["payroll"], ["payroll_number"], header="Pay No")
    add("context", p["payroll"], ["payroll_number"], header="Service number")
    add("context", p["warrant"], ["warrant_number"], header="Warrant No")
    add("context", p["collar"], ["shoulder_number"], header="Collar No")
    add("context", f"{R.choice(['PC', 'DS', 'Sgt'])} {s} holds {R.choice(['DV', 'SC', 'NPPV3'])} clearance",
        ["person_name", "vetting_level"])

for _ in range(16):
    add("context", f"DOB {date()}", ["date_of_birth"])
    d = f"{R.randint(1, 28)} {R.choice(MONTHS)} {R.randint(1950, 2004)}"
    add("context", f"Victim born {d} in Belfast", ["date_of_birth"])
    add("context", date(), ["date_of_birth"], header="Date of birth")
    add("context", f"NHS number {nhs()}", ["nhs_number"])
    add("context", nhs().replace(" ", ""), ["nhs_number"], header="NHS No")
    add("context", f"NI: {ni()}", ["ni_number"])
    add("context", ni(suffix=False).replace(" ", ""), ["ni_number"], header="NI number")
    add("context", phone(), ["phone_number"], header="Mobile")
    add("context", f"Lives at 14 Acacia Avenue, {R.choice(POSTCODES)}", ["home_address", "postcode"])
    add("context", R.choice(POSTCODES), ["postcode"], header="Postcode")
    add("context", f"Vehicle {vrm()} seen leaving the car park", ["vehicle_registration"])
    add("context", vrm(), ["vehicle_registration"], header="VRM")
    add("context", f"sort code {sortcode()} account {R.randint(10000000, 99999999)}", ["bank_details"])
    add("context", sortcode(), ["bank_details"], header="Sort code")
    add("context", f"Login from IP address {ip()}", ["ip_address"])
    add("context", ip(), ["ip_address"], header="IP address")

# Sloppy notes: ranks in lower case before a collar number.
for p in others[:8]:
    add("context", f"{R.choice(['pc', 'sgt', 'dc', 'ps'])} {p['collar']} attended at 02:10", ["shoulder_number"])
# Senior officers named in full (public, but still names: allow-list them in policy).
add("context", "Deputy Chief Constable Ruth Bolitho opened the meeting", ["person_name"])
add("context", "Approved by Acting Sgt Chynoweth", ["person_name"])
add("context", "A/Sgt 4417 Gwennap on duty", ["person_name", "shoulder_number"])

# ---- Format-only evidence -----------------------------------------------------
for p in others:
    add("pattern", f"Email {p['forename'].lower()}.{p['surname'].lower()}@gmail.com about it", ["email_address"])
for _ in range(16):
    add("pattern", f"Contact mobile {phone()} after 6pm", ["phone_number"])
    add("pattern", f"NI {ni()}", ["ni_number"])
    add("pattern", f"Refund to {iban()}", ["bank_details"])
    add("pattern", f"{sortcode()} {R.randint(10000000, 99999999)}", ["bank_details"])
    add("pattern", f"Seen at {R.choice(POSTCODES)} by a neighbour", ["postcode"])
    add("pattern", f"{vrm()} parked on double yellow lines", ["vehicle_registration"])
    add("pattern", f"Connection from {ip()} blocked", ["ip_address"])
for m in ["OFFICIAL-SENSITIVE", "OFFICIAL – SENSITIVE: PERSONAL", "SECRET", "TOP SECRET UK EYES ONLY",
          "RESTRICTED - POLICE", "PROTECT", "This report is RESTRICTED.", "&C&\"Arial\"OFFICIAL-SENSITIVE",
          "CONFIDENTIAL", "Official Sensitive", "Page &P - SECRET", "RESTRICTED"]:
    add("pattern", m, ["protective_marking"], field="header")

# ---- Names in free text with a listed forename ------------------------------
for p in others:
    add("free", f"Spoke to {p['forename']} {p['surname']} about the incident", ["person_name"])
    add("free", f"Report prepared by {p['forename']} {p['surname']}", ["person_name"])

# ---- Person fields -------------------------------------------------------------
for p in others:
    f, s = p["forename"], p["surname"]
    add("field", f"{f} {s}", ["person_name"], field="creator")
    add("field", f"{f.lower()}.{s.lower()}", ["person_name"], field="lastModifiedBy")
    add("field", f"{f[0]} {s}", ["person_name"], field="Checked by")
for v in ["Microsoft Office User", "Administrator", "Quarterly workforce figures", "openpyxl"]:
    add("negative", v, [], field="creator" if v != "Quarterly workforce figures" else "title")

# ---- Hard negatives ---------------------------------------------------------------
neg = []
for r in ["Constable", "Sergeant", "Inspector", "Chief Inspector", "Police Constable", "Detective Constable",
          "PCSO", "Special Constable", "Police Staff"]:
    add("negative", r, [], header="Rank")
    add("negative", r, [])
for t in ["Constable 1,234", "Sergeant 120", "PC: 120", "Inspectors 45", "Constables (PC) 3,211",
          "Sergeants and Inspectors by station", "Constable Recruitment 2023", "PC Training Day",
          "Chief Constable's Office", "Inspector Total", "DC Headcount", "Detective Sergeant",
          "Police Constable (PC)", "Number of officers by rank", "Rank", "Surname", "Warrant No",
          "Collar number", "Date of birth", "NI number", "Pay No", "Officer name",
          "Officers with DV clearance: 12", "DV incident reported at BT5", "SC", "NPPV3",
          "Victoria Road", "Grace Street car park", "Theft at Mark Lane", "May Day bank holiday",
          "the secret garden", "Access is restricted to staff", "We protect the public",
          "THE SECRET GARDEN", "Secret Santa collection", "NOT PROTECTIVELY MARKED", "UNCLASSIFIED",
          "ISO 9001", "Windows 10", "A4 paper", "v1.2.3.4", "Section 1.2.3.4", "version 10.0.19041.1",
          "£1,234.56", "£141,183", "Total spend £2,045,117", "12/03/2023", "2023-03-12 14:30",
          "Incident on 12/03/1985", "14:30:00", "BT1", "BT12", "SW1A", "Area BT7", "BT1 1",
          "Crime ref 141183 linked", "CR/2023/141183", "Case 220145", "Ref: 220146",
          "Report received from caller stating vehicle parked outside premises",
          "No witnesses identified, CCTV requested", "Owner informed, attended scene later same day",
          "Theft from vehicle", "Burglary - residential", "Under investigation", "No further action",
          "Community resolution", "TRUE", "FALSE", "N/A", "Not known", "[REDACTED s40(2)]",
          "Mr", "Dr", "Dear Sir or Madam", "Best regards", "Team Leader", "Head of Department",
          "Criminal damage to a Ford Focus", "Stop and search: 14 conducted", "Week 12 totals",
          "0800 fraud line poster", "Call 101 or 999 in an emergency", "07700",
          "Officer safety training", "DCI review scheduled", "A1 road closure",
          "Flat 3, 12 Acacia Avenue", "Warrant executed at 3 addresses", "Staff 12 on duty",
          "Pay award 2023", "Service 2023 review", "collar and tie", "the badge of office",
          "Born in the USA (song title)", "NHS Trust funding", "IP rights policy",
          "sort order", "Account of events on 12/03/2023", "reg. charity", "Index of tables",
          # Harder: words that look like ranks, titles or names but are not.
          "PC World voucher", "DC Comics merchandise", "PS Vita seized", "DS Lite console",
          "SC Johnson products", "Mr Whippy van", "Dr Martens boots recovered", "Dr Foster report",
          "Grace Road cricket ground", "Victoria Park gates", "Florence Court estate", "Rose Garden cafe",
          "Amber Alert issued", "Will attend tomorrow", "Mark as complete", "Grace period ends",
          "Faith school visit", "Jade Street closure", "Kevin Street station", "Jane Austen Road",
          "Sergeant Numbers by Station", "PC Headcount 2023", "Inspector Vacancies", "Constable Pay Scales",
          "Chief Constable", "Deputy Chief Constable", "Sgt.", "Police Constable Degree Apprenticeship",
          "Detective Inspector (DI) posts", "Tel: 101", "Flat 12", "Room 214", "Bus 42 route",
          "12-03-21 to 15-03-21", "M25 J10 closure", "Junction 4 of the M1", "0161", "01234",
          "Version 2.0.1.4 installed", "Figure 3.2.1.5", "SECRET SANTA", "Top secret recipe",
          "restricted parking zone", "We PROTECT the vulnerable", "Confidential waste bin",
          "Marks and Spencer store", "St Mary's Hospital", "Queen Elizabeth Hospital", "Prince Charles Hospital",
          "Week commencing 12 March 1985", "Aged 34", "Born Free charity", "NHS 111 service",
          "Account closed", "Collar detector fitted", "Badge of honour", "Warrant officer class 2",
          "Staff survey 2023 results", "Pay scale point 34", "Service level agreement 2023",
          "DV", "RV park", "MV Agusta motorcycle", "CTC course", "eSC", "BPSS checks pending for new starters",
          "GB News", "NI Water", "BT Group", "IP67 rated"]:
    add("negative", t, [])
for h, t in [("Crime reference", "141183"), ("Crime reference", "220145"), ("Case number", "825731"),
             ("Incident number", "20230145"), ("Date", "12/03/1985"), ("Count", "3"),
             ("Number of officers", "4"), ("Value (GBP)", "141183"), ("Reference", "9434765919"),
             ("Postcode district", "BT12"), ("Surname", "[REDACTED s40(2)]"), ("Surname", "Not known"),
             ("Warrant No", "N/A"), ("Station", "Lisburn Road"), ("Station", "Grace Street"),
             ("Offence", "Theft from vehicle"), ("Outcome", "Charged"), ("Rank", "Constable"),
             ("Vetting level", "SC"), ("Vetting level", "DV"), ("Time", "14:30"), ("Year", "2023"),
             ("Officers hours", "3"), ("Note", "Officer attended, no further action"),
             ("Name", "Total"), ("Name", "Unknown"), ("Department", "Professional Standards"),
             ("Team", "Roads Policing"), ("Email", "N/A"), ("Mobile", "Not given")]:
    add("negative", t, [], header=h)

# ---- Logins in file paths (added later; no random draws, so the rows above
# keep their values) ----------------------------------------------------------
def login_of(f, s):
    return fold(f)[0].lower() + fold(s).lower().replace(" ", "").replace("'", "")

for p in roster[:8] + roster[-1:]:
    f, s = p["forename"], p["surname"]
    add("roster", f"Source: C:\\Users\\{login_of(f, s)}\\Desktop\\rota.xlsx", ["roster_match"])
    dotted = fold(f).lower() + "." + fold(s).lower().replace(" ", "").replace("'", "")
    add("roster", dotted, ["roster_match", "person_name"], field="lastModifiedBy")
for p in others[:8]:
    f, s = p["forename"], p["surname"]
    add("context", f"Saved in C:\\Users\\{login_of(f, s)}\\Documents\\FOI\\", ["user_login"])
    add("context", f"/home/{login_of(f, s)}/exports/overtime.csv", ["user_login"])
for t in ["C:\\Users\\Public\\Documents\\rates.xlsx", "https://www.example.gov.uk/users/guide/",
          "/home/index.html", "Users at home: 14", "C:\\Users\\%USERNAME%\\AppData\\"]:
    add("negative", t, [])

# ---- Small counts of staff written as sentences (added later; no random
# draws) --------------------------------------------------------------------------
for t in [
    "The Marine Unit has 2 female officers.",
    "There are 3 Asian sergeants in the Major Investigation Team.",
    "One disabled member of staff works in the Control Room team.",
    "Our Firearms Support Unit currently has 4 women constables",
    "The Cyber Crime Unit comprises two inspectors and 11 detectives.",
    "Of the officers in the Mounted Section, 1 Muslim officer is currently serving",
    "Two Black and minority ethnic detectives are posted to the Fraud Squad.",
    "There is a single Irish Traveller police officer in the force.",
    "3 gay officers work in the Public Protection Unit",
    "2 female PCSOs are based at Ashford station.",
]:
    add("context", t, ["small_count"])
for t in [
    "2 female officers attended and spoke to the caller.",
    "Fewer than 5 Asian officers work in the Marine Unit.",
    "The Marine Unit has 2 boats and 19 officers.",
    "4 officers per shift are needed at Ashford station.",
    "The force employs 2,412 female officers.",
    "Requests from 3 officers were refused.",
    "In 2022 4 officers were trained in first aid.",
    "3 officers were injured at the Marine Unit open day.",
    "Figures below 5 are suppressed to protect the staff concerned.",
    "The Roads Policing Unit has 42 officers, of whom 12 are female.",
    "Staff survey: 3 questions on female officers' experience.",
]:
    add("negative", t, [])

with open(os.path.join(HERE, "labelled.csv"), "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(["id", "group", "header", "field", "text", "expected"])
    for i, (g, h, f, t, e) in enumerate(rows, 1):
        w.writerow([i, g, h, f, t, e])

with open(os.path.join(HERE, "labelled_roster.csv"), "w", newline="", encoding="utf-8") as fh:
    w = csv.writer(fh)
    w.writerow(["Surname", "Forename", "Payroll Number", "Warrant_Number", "Shoulder number", "Email", "Rank"])
    for i, p in enumerate(roster):
        w.writerow([p["surname"], p["forename"], p["payroll"], p["warrant"], p["collar"], p["email"],
                    R.choice(["PC", "Sgt", "Insp", "DC"])])

print(f"{len(rows)} labelled texts, {len(roster)} roster people")
