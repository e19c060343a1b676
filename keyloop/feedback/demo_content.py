# ruff: noqa: E501  (a text corpus: one idea a line reads better than wrapped strings)
"""What the demo workspace's customers and team wrote: boards, statuses, ideas, comments, changelog.

Acme Analytics is a product-analytics SaaS, so the ideas are what its customers (product
managers, growth and data teams) would ask for. `DUPLICATE_GROUPS` lists the ideas that ask
for the same thing in different words; the merge/dedup work uses them as labelled pairs.
Everything else here is meant to be distinct (related ideas are fine, real boards have them).
"""

from typing import NamedTuple

BOARDS = [
    # slug, name, description, is_private
    (
        "feature-requests",
        "Feature requests",
        "What should Acme Analytics build next? Vote for the ideas that matter to you, or suggest a new one.",
        False,
    ),
    (
        "integrations",
        "Integrations",
        "Connect Acme Analytics to the tools your team already uses: warehouses, CRMs, messaging and SDKs.",
        False,
    ),
    (
        "bugs",
        "Bugs",
        "Something broken? Tell us what happened, what you expected, and how to reproduce it.",
        False,
    ),
]

STATUSES = [
    # name, colour, category
    ("Needs triage", "#64748b", "open"),
    ("Under review", "#d97706", "under_review"),
    ("Planned", "#2563eb", "planned"),
    ("Building", "#7c3aed", "in_progress"),
    ("Beta", "#0891b2", "in_progress"),
    ("Shipped", "#16a34a", "shipped"),
    ("Won't do", "#6b7280", "closed"),
]
DEFAULT_STATUS = "Needs triage"

TAGS = [
    ("Reporting", "#2563eb"),
    ("Dashboards", "#7c3aed"),
    ("SSO", "#0f766e"),
    ("Security", "#b91c1c"),
    ("Permissions", "#9333ea"),
    ("Mobile", "#db2777"),
    ("API", "#0369a1"),
    ("Performance", "#c2410c"),
    ("Billing", "#15803d"),
    ("Alerts", "#ca8a04"),
    ("Data import", "#4d7c0f"),
    ("Accessibility", "#475569"),
]


class DemoIdea(NamedTuple):
    board: str  # board slug
    title: str
    detail: str  # the customer's own words; the body adds an opener and a sign-off around it
    tags: tuple[str, ...]
    group: str = ""  # key in DUPLICATE_GROUPS, or "" for a one-off idea


# --- near-duplicates: the same request in different words ------------------------------------
# key, board, tags, [(title, detail), ...]
# fmt: off
_DUPLICATES = [
    ("pdf-export", "feature-requests", ("Reporting", "Dashboards"), [
        ("Export dashboards to PDF", "We send a monthly performance pack to our board and right now I screenshot every chart and paste it into a Google Doc. A one-click PDF of the whole dashboard would save me half a day every month."),
        ("PDF download of reports", "Would be great to download any report as a PDF so I can attach it to emails for people who don't have a login."),
        ("Let me save a chart as a PDF file", "Sometimes I just need one chart as a PDF for a slide deck or a contract appendix, not the whole dashboard."),
        ("Printable version of dashboards", "When I print a dashboard from the browser the charts get cut in half across pages and the sidebar takes a third of the page."),
    ]),
    ("dark-mode", "feature-requests", ("Dashboards", "Accessibility"), [
        ("Dark mode", "My eyes would thank you. Half our team works late and the white background is blinding."),
        ("Dark theme for dashboards", "We show dashboards on a TV in the office; a dark theme would look much better and be easier to read from across the room."),
        ("please add a night mode / darker UI", "Every other tool I use follows my OS light/dark setting except this one."),
    ]),
    ("scheduled-reports", "feature-requests", ("Reporting",), [
        ("Schedule reports to be emailed weekly", "I want my Monday funnel report in my inbox at 8am without logging in."),
        ("Automatic email digest of key metrics", "A daily or weekly summary of the five numbers our execs care about, sent by email. Nothing fancy, just the numbers and the change since last time."),
        ("Send a dashboard snapshot to stakeholders on a schedule", "Our CEO will never log in. If the dashboard came to her every Friday afternoon she'd actually look at it."),
    ]),
    ("saml-sso", "feature-requests", ("SSO", "Security"), [
        ("SAML single sign-on", "Our security team requires SAML SSO for every SaaS tool we buy. It's a blocker for our renewal in Q3."),
        ("Okta SSO support", "We manage all our apps through Okta and would love to add Acme Analytics as a tile so people stop creating passwords."),
        ("Log in with our company identity provider (Azure AD)", "IT won't approve another password-based tool. Login through Azure AD / Entra ID would fix that for us."),
    ]),
    ("data-export-csv", "feature-requests", ("Reporting",), [
        ("Export raw events to CSV", "Our data scientists want the underlying events behind a chart so they can do their own analysis in pandas."),
        ("Download the data behind a chart", "There's no way to get the numbers out of a chart. Even a simple CSV of the table view would help a lot."),
        ("CSV export for funnel results", "I need the step-by-step conversion numbers in a spreadsheet for our weekly growth meeting and currently copy them by hand."),
    ]),
    ("mobile-app", "feature-requests", ("Mobile",), [
        ("iOS app to check dashboards on the go", "I'd love to glance at our daily actives from my phone on the train without fighting the desktop layout."),
        ("Native mobile app", "The web app on a phone is hard to use: the charts are tiny and the filter bar doesn't fit on the screen."),
        ("Android app please!", "Not everyone has an iPhone :) An Android app with push notifications for our key numbers would be perfect."),
    ]),
    ("slack-alerts", "integrations", ("Alerts",), [
        ("Send alerts to Slack", "When signups drop below a threshold we want a message in #growth, not an email nobody reads."),
        ("Slack notifications when a metric changes", "Post to a channel whenever a KPI moves more than 10% day over day."),
        ("Slack integration for anomaly alerts", "We already get the alert emails, but our team lives in Slack, so they're easy to miss."),
    ]),
    ("period-comparison", "feature-requests", ("Reporting", "Dashboards"), [
        ("Compare to previous period on charts", "Show this week vs last week as a dotted line on the same chart."),
        ("Period-over-period comparison", "Every time someone asks \"is that good?\" I have to open a second tab with last month's numbers and compare by eye."),
        ("Overlay last year's data on the same graph", "We're a seasonal business (ski rentals), so comparing with the same month last year is what we actually care about."),
    ]),
    ("dashboard-folders", "feature-requests", ("Dashboards",), [
        ("Folders for dashboards", "We have 140 dashboards and finding anything is a nightmare."),
        ("Organize dashboards into team spaces", "Each team should have its own space so Marketing doesn't have to scroll past Engineering's stuff to find their own."),
        ("Better way to organise lots of dashboards", "Search is fine if you know the exact name. We need some kind of hierarchy, or at least grouping."),
    ]),
    ("view-only-role", "feature-requests", ("Permissions",), [
        ("View-only role for stakeholders", "I want to invite execs and clients without letting them edit or delete charts."),
        ("Read-only users", "Right now anyone we invite can change shared dashboards. Someone deleted a chart by accident last week and we had to rebuild it."),
        ("Restrict who can edit shared reports", "Only the analytics team should be able to change the official KPI reports; everyone else should just look."),
    ]),
    ("bigquery-sync", "integrations", ("Data import",), [
        ("Sync data to BigQuery", "Our whole BI stack runs on BigQuery. We'd love our Acme events there next to our billing data."),
        ("BigQuery export", "Daily export of events and user properties into a BigQuery dataset we own."),
        ("Stream events into our Google BigQuery warehouse", "Hourly or near-real-time would be ideal, our analysts join product usage with Salesforce data there."),
    ]),
    ("snowflake-sync", "integrations", ("Data import",), [
        ("Snowflake connector", "We're a Snowflake shop. Getting product events into it today means a fragile Airflow job that breaks every few weeks."),
        ("Push events to Snowflake nightly", "Even a nightly batch into a Snowflake schema would do; we don't need real time."),
    ]),
    ("annotations", "feature-requests", ("Dashboards",), [
        ("Add annotations to charts", "Mark releases and marketing campaigns on the timeline so we remember why a spike happened three months later."),
        ("Event markers on graphs (e.g. deploys)", "A vertical line on every chart when we deploy would make it obvious when a release broke something."),
        ("Let us add a note to a specific date on a chart", 'e.g. "Black Friday campaign started" on Nov 24. Everyone who looks at the chart should see it.'),
    ]),
    ("query-api", "feature-requests", ("API",), [
        ("Public API for querying metrics", "We want to pull numbers into our internal admin tool and into our investor updates automatically."),
        ("REST endpoint to fetch report results", "Something like GET /reports/{id}/results that returns the same numbers the chart shows."),
        ("Query API so we can show numbers in our own app", "Our customers ask for usage stats inside our product. We already have the data in Acme, we just can't get it out programmatically."),
    ]),
    ("embedded-dashboards", "feature-requests", ("Dashboards",), [
        ("Embed dashboards in our own product", "Our customers want to see their own usage analytics inside our app, filtered to their account."),
        ("Embeddable charts (iframe)", "An iframe snippet for a single chart that I can drop into our internal wiki or our customer portal."),
        ("White-label embedded analytics for our customers", "We'd pay extra for embedding without the Acme branding, with each of our customers only seeing their own data."),
    ]),
    ("custom-retention", "feature-requests", ("Reporting",), [
        ("Custom retention intervals", "Day 1/7/30 isn't enough for us. Our trial is 14 days so we need day 3, day 10 and day 14."),
        ("Let me choose my own retention periods", "Weekly retention starts on Sunday and monthly is calendar months. I want to define the buckets myself."),
    ]),
    ("timezone", "feature-requests", ("Reporting",), [
        ("Set timezone per project", 'All our charts are in UTC but our business runs on Pacific time, so "daily" numbers actually cut off at 5pm.'),
        ("Reports show the wrong day because of UTC", "Orders placed on Monday evening in New York show up under Tuesday. Our finance team noticed before we did."),
        ("Timezone setting for dashboards", "Our Sydney office reads the same dashboards as London. Let each dashboard (or each viewer) pick the timezone."),
    ]),
    ("two-factor", "feature-requests", ("Security",), [
        ("Two-factor authentication", "Our customer data is in here. A password alone isn't enough for our security review."),
        ("Require 2FA for all team members", "As an admin I want to enforce 2FA for everyone in the workspace, not just hope they turn it on."),
        ("Support authenticator apps for login", "TOTP with Google Authenticator or 1Password would be perfect. SMS codes are not accepted by our security team."),
    ]),
    ("invoices", "feature-requests", ("Billing",), [
        ("Access to past invoices", "Our finance team asks me every month to forward the invoice email. Let them download invoices from the billing page."),
        ("Invoice download in billing settings", "I can see the current plan but not a single past invoice. Our accountant needs all of last year's."),
    ]),
    ("slow-dashboards", "bugs", ("Performance",), [
        ("Dashboards take 30+ seconds to load", "Since last week our main dashboard takes 30-40 seconds to load every morning. It used to be a couple of seconds."),
        ("Very slow loading on large dashboards", "Any dashboard with more than ~15 charts is painfully slow. Smaller ones are fine."),
        ("Performance is terrible with 20+ charts on one dashboard", "The page freezes for a while, the charts load one by one, and sometimes a few of them time out."),
    ]),
    ("safari-charts", "bugs", (), [
        ("Charts don't render in Safari", "On Safari 17 (macOS Sonoma) all line charts are empty. Same dashboard works in Chrome."),
        ("Blank graphs on Safari 17", "Axis labels show, but no lines or bars. Tried clearing the cache and disabling extensions."),
        ("Safari: dashboard widgets stay empty", "Every widget shows the loading skeleton forever on Safari. On my iPad too."),
    ]),
    ("csv-import", "feature-requests", ("Data import",), [
        ("Import historical data from CSV", "We only started tracking with Acme in January. We have two years of signups in a spreadsheet and want them in the charts."),
        ("Backfill old events from a spreadsheet", "Let us upload a CSV with user id, event name and timestamp to backfill history."),
        ("Upload past data so our charts don't start from zero", "All our year-over-year charts are useless because the data starts the day we installed the SDK."),
    ]),
    ("mixpanel-import", "integrations", ("Data import",), [
        ("Import our data from Mixpanel", "We want to switch, but not if we lose three years of history."),
        ("Migration tool from Mixpanel", "A guided migration (events, user profiles, maybe even the saved reports) would make the switch a no-brainer."),
        ("Mixpanel importer so we can switch", "Our Mixpanel contract ends in September. If we can bring our data we'll move the whole company over."),
    ]),
    ("drill-down", "feature-requests", ("Reporting",), [
        ("Click a data point to see the users behind it", "When I see a spike I want to click it and get the list of users, not go build a cohort from scratch."),
        ("Drill down from a chart to the list of people", "Charts are a dead end right now. Let me go from the number to the actual people."),
        ("See which users dropped off at each funnel step", 'So our CS team can reach out to the accounts that got stuck at "connect data source".'),
    ]),
    ("target-lines", "feature-requests", ("Dashboards",), [
        ("Show a target line on charts", "A horizontal line for our goal (e.g. 500 signups a day) so it's obvious whether we're on track."),
        ("Add goals to KPIs", "Let me set a target for a metric and show progress towards it on the dashboard."),
    ]),
    ("duplicate-dashboard", "feature-requests", ("Dashboards",), [
        ("Duplicate a dashboard", "We have one dashboard per region and have to rebuild the same 12 charts each time."),
        ("Copy a dashboard as a template", "I'd like to build a dashboard once and let every team start from a copy with their own filters."),
        ("Clone an existing report", "Tweaking an existing report is easier than starting over, but I don't want to change the original."),
    ]),
    ("ms-teams", "integrations", ("Alerts",), [
        ("Microsoft Teams integration", "We're a Microsoft company, nobody here uses Slack. Alerts and shared charts in Teams would be great."),
        ("Send alerts to MS Teams channels", "A Teams webhook for our threshold alerts would be enough to start with."),
    ]),
    ("logged-out", "bugs", ("Security",), [
        ("Keeps logging me out every few minutes", "I get kicked back to the login page several times an hour, sometimes in the middle of building a chart."),
        ("Session expires way too quickly", "I have to log in again after lunch every day. Other tools keep me logged in for days."),
    ]),
    ("funnel-mismatch", "bugs", ("Reporting",), [
        ("Numbers in the funnel don't match the events table", "The first funnel step says 1,204 users but the event table shows 1,388 unique users for the same event and dates."),
        ("Funnel count different from the raw event count", "Same event, same date range, same filters, and the totals are about 10% apart. Which one is right?"),
    ]),
    ("account-analytics", "feature-requests", ("Reporting",), [
        ("Account-level analytics for B2B", "We sell to companies; I care about active accounts, not only active users."),
        ("Group users by company", "Let me see retention and feature usage per customer company, not per individual user."),
        ("Report on companies instead of individual users", "Our pricing is per account, so \"weekly active accounts\" is our north-star metric and we can't chart it."),
    ]),
    ("no-code-events", "feature-requests", (), [
        ("Define events without code", "Our PMs wait two sprints for an engineer to add tracking for a single button."),
        ("Visual event tagger for our website", "Open our site with an overlay, click a button, name the event. Done."),
        ("Autocapture clicks so we don't need engineers for every event", "Capture all clicks and page views automatically and let us name the interesting ones later."),
    ]),
]
# fmt: on

DUPLICATE_GROUPS: dict[str, tuple[str, ...]] = {
    key: tuple(title for title, _ in items) for key, _, _, items in _DUPLICATES
}

# --- one-off ideas, board by board ------------------------------------------------------------
# (title, detail, tags)
# fmt: off
_FEATURE_REQUESTS = [
    ("Funnel steps with a time limit", "Only count a conversion if step 2 happens within 30 minutes of step 1. Otherwise our checkout funnel looks far better than it is.", ("Reporting",)),
    ("Exclude internal users from all reports", "Our own team inflates the numbers. A workspace-wide filter by e-mail domain (everything @ourcompany.com) would fix it.", ("Reporting",)),
    ("Keyboard shortcuts", "Power users would fly with shortcuts for search, new chart and switching date ranges.", ()),
    ("Undo after deleting a chart", 'I deleted a chart by accident and there was no way back. Even a 10-second "undo" toast would have saved me.', ("Dashboards",)),
    ("Version history for dashboards", "See who changed what and roll back to yesterday's version.", ("Dashboards",)),
    ("Comments on dashboards", "Discuss a dip right next to the chart instead of in a Slack thread that gets lost.", ("Dashboards",)),
    ("Break down by two properties at once", "e.g. signups by country AND plan in one chart. Right now I need a separate chart per plan.", ("Reporting",)),
    ("Formulas between metrics (A / B)", "I want to chart revenue per active user without exporting both series to a spreadsheet.", ("Reporting",)),
    ("Heatmap of activity by hour and weekday", "When are our users actually active? A 7x24 heatmap would answer that at a glance.", ("Reporting",)),
    ("Path analysis: what do users do right after signing up?", "I want to see the most common sequences of the first 5 events after signup.", ("Reporting",)),
    ("Sankey diagram for user flows", "Our designers love these for explaining navigation problems to the rest of the company.", ("Reporting",)),
    ("Stickiness chart (DAU/MAU)", "It's the metric our board asks about and I calculate it by hand every month.", ("Reporting",)),
    ("Lifecycle chart: new, returning, resurrected, dormant", "Helps us see whether growth comes from new users or from people coming back.", ("Reporting",)),
    ("Session replay", "Seeing what a user actually did would explain half of our funnel drop-offs.", ()),
    ("Feature flags with analytics built in", "We use a separate flag tool and then try to match the rollout dates in Acme manually.", ()),
    ("Tell me if an A/B test result is significant", "Show a confidence level or p-value next to the variant comparison, so we stop calling winners on 40 users.", ("Reporting",)),
    ("Data dictionary for events and properties", 'New hires have no idea what "evt_chk_v2" means. A place to describe each event and who owns it.', ()),
    ("Hide old events from dropdowns", "We renamed events twice and the old names clutter every event picker.", ()),
    ("Treat two event names as one", 'We track both "Sign Up" and "signup" because of an old SDK bug. Let us alias them so charts include both.', ()),
    ("Rename properties in the UI without touching code", 'plan_tier_v2 should just show up as "Plan" for everyone.', ()),
    ("Computed properties", 'Derive "company size bucket" from employee count once and reuse it in every report.', ()),
    ("Show when data was last refreshed", "It's not clear whether a chart is real time or an hour old. A small \"updated 3 min ago\" would do.", ("Dashboards",)),
    ("Live view of events as they arrive", "During launches we want a live counter of signups, not a chart that updates every hour.", ()),
    ("Weeks should start on Monday", "Our weeks start on Monday; the weekly charts start on Sunday, which confuses everyone in Europe.", ("Reporting",)),
    ("Fiscal year and custom quarters", 'Our fiscal year starts in February, so "this quarter" is always wrong for us.', ("Reporting",)),
    ("Custom colours for chart series", "Our brand colours, and the same colour for the same plan across every chart.", ("Dashboards",)),
    ("Pie charts", "Yes, I know pie charts are controversial. Our execs love them anyway.", ("Dashboards",)),
    ("Stacked area charts", "To show how the mix of plans changes over time.", ("Dashboards",)),
    ("Conditional formatting in table views", "Red/green cells when a number is below/above a threshold.", ("Dashboards",)),
    ("Full-screen TV mode", "Auto-hide the sidebar, big numbers, no hover-only information. For the screen in our office.", ("Dashboards",)),
    ("Auto-refresh dashboards every few minutes", "Our wall display shows stale numbers until someone walks over and reloads it.", ("Dashboards",)),
    ("Dashboard templates for SaaS metrics", "A starter dashboard with activation, retention and MRR would save new teams a week of setup.", ("Dashboards",)),
    ("Invite the whole team at once", "Adding 40 people one e-mail at a time took me an afternoon. A textarea or a CSV upload would be enough.", ("Permissions",)),
    ("SCIM user provisioning", "When someone leaves, we want their access removed automatically from our identity provider.", ("SSO", "Security")),
    ("Audit log of changes and exports", "Who changed which dashboard, who exported what and when. Needed for our SOC 2 audit.", ("Security",)),
    ("Data retention settings per project", "Legal wants us to delete raw events older than 24 months automatically.", ("Security",)),
    ("Delete a user's data by ID (GDPR)", "We get deletion requests every week and currently e-mail support for each one.", ("Security", "API")),
    ("EU data residency", "Our customers are in Germany and contractually need their data stored in the EU.", ("Security",)),
    ("IP allowlist", "Only allow access from our office and VPN IP ranges.", ("Security",)),
    ("Multiple projects under one account", "We have a web app and a mobile app and want to keep their data separate but switch between them easily.", ()),
    ("Dashboards that combine several projects", "Show web and mobile signups together on one chart.", ("Dashboards",)),
    ("Warn me before we hit our event quota", "Tell me at 80% of the monthly quota, not in the overage invoice.", ("Billing", "Alerts")),
    ("Annual billing with a discount", "Our procurement prefers one annual payment and most vendors give ~15% for it.", ("Billing",)),
    ("Pay by bank transfer instead of credit card", "Our finance team can't put a recurring charge this size on a company card.", ("Billing",)),
    ("Show event usage per source on the billing page", "We need to know which app or SDK is eating our quota.", ("Billing",)),
    ("Pause or cancel the subscription without e-mailing support", "We're a seasonal business and would pause for the summer months.", ("Billing",)),
    ("Separate billing contact", "Invoices and payment e-mails should go to accounts@ our company, not to me as the workspace owner.", ("Billing",)),
    ("Add our VAT ID to invoices", "Without our VAT number on the invoice we can't reclaim the tax in the EU.", ("Billing",)),
    ("Discount for early-stage startups", "We're 4 people and pre-revenue; the Growth plan is a big chunk of our runway.", ("Billing",)),
    ("Global search across dashboards, charts and events", "A search box that finds a chart by name from anywhere in the app.", ()),
    ("Star favourite dashboards", "Pin the three dashboards I open every morning to the top of the list.", ("Dashboards",)),
    ("Recently viewed on the home page", "Most of the time I want the thing I looked at yesterday.", ()),
    ("Share a chart with a public link", "Send a single chart to a partner without creating an account for them.", ("Dashboards",)),
    ("Password-protected share links", "For sharing numbers with investors without making them fully public.", ("Security",)),
    ("Descriptions on charts", "Explain what a chart measures and how, so people stop asking me in DMs.", ("Dashboards",)),
    ("Text blocks on dashboards", "Add a heading and a paragraph of Markdown between charts to give context.", ("Dashboards",)),
    ("Resize charts freely on the dashboard grid", "Only two widths (half and full) is too limiting for KPI tiles.", ("Dashboards",)),
    ("Dashboard-wide filters", "Change the country once and have every chart on the dashboard follow.", ("Dashboards",)),
    ("Cohorts that update automatically", "Dynamic cohorts instead of a static snapshot of the day I created them.", ("Reporting",)),
    ("MRR, churn and expansion next to product usage", "Seeing revenue movements beside feature adoption is the whole point for our exec team.", ("Reporting", "Billing")),
    ("Lifetime value by acquisition channel", "Which channels bring customers who stay and pay?", ("Reporting",)),
    ("UTM attribution report", "Which campaign actually brought the users who stayed past week 4?", ("Reporting",)),
    ("Multi-touch attribution models", "First-touch and last-touch both lie to us; a linear or position-based model would be fairer to content marketing.", ("Reporting",)),
    ("Churn risk score per account", "Flag accounts whose usage is dropping before they cancel.", ("Reporting",)),
    ("Ask questions in plain English", 'Let me type "how many signups from Germany last week" instead of building a chart.', ()),
    ("Weekly AI summary of what changed", "Three bullet points on Monday morning: what went up, what went down, and what's unusual.", ("Reporting",)),
    ("Automatic anomaly detection", "Tell me when something unusual happens without me having to set thresholds for every metric.", ("Alerts",)),
    ("Alert when an event stops arriving", "Our checkout tracking broke for three days and nobody noticed until the monthly report.", ("Alerts",)),
    ("SQL editor for ad-hoc questions", "Sometimes the chart builder just can't express what I need. Let me write SQL against my own events.", ("Reporting",)),
    ("Library of saved queries", "So the analysts can share the queries they wrote instead of pasting them into Notion.", ("Reporting",)),
    ("HTTP endpoint for server-side events", "Some events only happen in our backend (payments, renewals) and we don't want to ship an SDK there.", ("API",)),
    ("Higher limits for the batch import API", "1,000 events per request makes our nightly import take forever.", ("API", "Data import")),
    ("Webhook when a user enters a cohort", 'So our backend can react, e.g. unlock a feature when an account becomes "power user".', ("API",)),
    ("Publish an OpenAPI spec for the API", "Writing clients by hand is tedious; with a spec we'd generate them.", ("API",)),
    ("Read-only API keys", "Our BI tool only needs to read. I don't want a key that can also delete data sitting in its config.", ("API", "Permissions")),
    ("Official Python client", "Our data team wants a proper Python client with pagination and retries instead of raw requests.", ("API",)),
    ("Rate-limit headers in API responses", "So our scripts can back off before hitting 429s instead of after.", ("API",)),
    ("GraphQL API", "We use GraphQL everywhere else and would love to fetch exactly the fields we need.", ("API",)),
    ("German interface", "Most of our support team would prefer to work in German.", ("Accessibility",)),
    ("French and Spanish translations", "Our offices in Lyon and Madrid use the dashboards daily.", ("Accessibility",)),
    ("Screen reader support for charts", "Charts have no text alternative at all; our blind colleague can't use the dashboards.", ("Accessibility",)),
    ("Colour-blind friendly palette", "Red vs green for up/down is impossible for me to tell apart.", ("Accessibility", "Dashboards")),
    ("Drag-and-drop chart builder", "Picking fields from three nested dropdowns is slow; dragging an event onto the chart would be faster.", ()),
    ("Show both percentage and absolute numbers in funnels", "I always need both and have to hover over every step.", ("Reporting",)),
    ("Funnel conversion over time", "Is our signup funnel getting better week by week since the redesign?", ("Reporting",)),
    ("7-day rolling average on line charts", "Daily numbers are too noisy to read anything from.", ("Reporting",)),
    ("Cumulative totals view", "Running total of signups since launch, for the all-hands slide.", ("Reporting",)),
    ("Log scale on the y-axis", "One huge customer dwarfs everyone else on the chart.", ("Dashboards",)),
    ("Nicer empty state when a chart has no data", "It just shows a blank box; I thought the app was broken.", ("Dashboards",)),
    ("Sort breakdown tables by any column", "Only the first column sorts right now.", ("Reporting",)),
    ('Top 10 in breakdowns, the rest as "Other"', "Breaking down by country gives me 180 lines and an unreadable chart.", ("Reporting",)),
    ("Autocomplete property values in filters", "I have to remember the exact spelling of every plan name and campaign.", ()),
    ("Regex filters", '"URL matches /docs/.*/api" would save us dozens of OR conditions.', ()),
    ("Filters should ignore upper and lower case", '"Germany" and "germany" are both in our data thanks to a form without a dropdown.', ()),
    ("Track page load times (Web Vitals)", "Product analytics and performance in one place would help us prove that slow pages hurt conversion.", ("Performance",)),
    ("Faster funnels over long date ranges", "Any funnel over more than 90 days takes a minute or times out.", ("Performance",)),
    ("Cache dashboard results so they open instantly", "Most people look at the same dashboards every morning; they could be precomputed overnight.", ("Performance",)),
    ("Push notification analytics", "Open rates and conversions from our push campaigns next to in-app behaviour.", ("Mobile",)),
    ("Breakdown by app version", "Show which app versions people are on so we know when we can drop old API versions.", ("Mobile",)),
    ("Link crashes to user sessions", "Did the people who hit the crash churn? Today those answers live in two tools.", ("Mobile",)),
    ("Teams for permissions", "Give the whole marketing team access at once instead of person by person.", ("Permissions",)),
    ("Transfer dashboards when someone leaves", "When an employee leaves their dashboards become orphaned and no one can edit them.", ("Permissions",)),
    ("Bot traffic filtering", "Crawlers show up as users and inflate our visitor numbers.", ()),
    ("Identify users across devices", "Someone signs up on mobile and later logs in on desktop; they count as two users.", ()),
    ("Custom session timeout", "Our users keep the app open all day; a 30-minute session timeout splits one visit into five.", ()),
    ("Show the SQL behind a chart", "Our analysts want to check exactly how a number is computed before they trust it.", ("Reporting",)),
    ('"Last 90 days" in the date picker', "I type it in manually every single time.", ()),
    ("Bulk delete old dashboards", "Cleaning up 60 abandoned dashboards one by one is not fun.", ("Dashboards",)),
    ("Archive charts instead of deleting them", "Sometimes we want a chart out of the way but still have it for next year's comparison.", ("Dashboards",)),
    ("Show who created each chart", "So I know whom to ask when a number looks off.", ("Dashboards",)),
    ("Move a chart to another dashboard", "Right now I have to rebuild it from scratch in the other dashboard.", ("Dashboards",)),
    ("Free viewer seats", "Only charge for people who build reports. Viewers who look at a dashboard once a week shouldn't cost a full seat.", ("Billing", "Permissions")),
    ("Public status page", "When the app is slow I don't know if it's us or you.", ()),
]
# fmt: on

# fmt: off
_INTEGRATIONS = [
    ("HubSpot: sync cohorts as lists", "So marketing can e-mail the users who dropped off in onboarding without exporting CSVs every week.", ()),
    ("Salesforce integration", "Show product usage on the account record so sales sees who is active before a renewal call.", ()),
    ("Segment as a source", "We already send everything through Segment; it'd be great to just flip a switch.", ("Data import",)),
    ("RudderStack destination", "We moved from Segment to RudderStack last year and Acme is the last tool without a native destination.", ("Data import",)),
    ("Zapier triggers and actions", "Trigger a zap when a user enters a cohort, or send events into Acme from tools without an API.", ()),
    ("Intercom: show user activity in the conversation sidebar", "Support would love to see the last ten events of the person they're talking to.", ()),
    ("Zendesk app with customer usage", "Same idea as the Intercom one, but for Zendesk: plan, last seen, key events in the ticket sidebar.", ()),
    ("Pull subscription events from Stripe automatically", "We'd rather not send payment events ourselves when Stripe already knows them.", ("Billing", "Data import")),
    ("Shopify app", "Track orders, carts and checkouts without custom code in our theme.", ()),
    ("Google Sheets add-on", "Refresh a sheet with report numbers every morning; finance lives in Sheets.", ("Reporting",)),
    ("Looker Studio connector", "Our marketing dashboards are in Looker Studio and they'd like product numbers there too.", ("Reporting",)),
    ("Tableau connector", "Corporate BI standard is Tableau; a Web Data Connector or native connector would help adoption.", ("Reporting",)),
    ("Power BI connector", "Our management reporting is all Power BI.", ("Reporting",)),
    ("dbt package with event models", "Staging models for the exported schema would save every customer the same work.", ("Data import",)),
    ("Amazon Redshift sync", "We're on AWS and Redshift is our warehouse.", ("Data import",)),
    ("PostgreSQL as a data source", "Import our users table nightly to enrich user profiles with plan and company data.", ("Data import",)),
    ("Google Analytics 4 import", "Bring GA4 traffic data in so marketing and product numbers sit side by side.", ("Data import",)),
    ("Amplitude import", "We have four years of Amplitude history and would like to keep it when we move.", ("Data import",)),
    ("Braze: send cohorts for push campaigns", "Target push messages at behavioural cohorts we define in Acme.", ("Mobile",)),
    ("Customer.io integration", "Send cohort membership and events to Customer.io for lifecycle e-mails.", ()),
    ("Mailchimp audience sync", "Small team, simple needs: keep a Mailchimp audience in sync with an Acme cohort.", ()),
    ("Datadog: send product metrics as custom metrics", "Our on-call dashboards are in Datadog; signups per minute belong there too.", ("Alerts",)),
    ("PagerDuty for critical alerts", "If checkout events drop to zero at 3am, someone should be paged.", ("Alerts",)),
    ("Jira: create an issue from a chart", "Found a broken funnel step? One click to file it with a link to the chart.", ()),
    ("Linear integration", "Link a funnel drop-off to the Linear issue that's supposed to fix it and see the impact after release.", ()),
    ("Notion embed for charts", "Our product specs live in Notion; a live chart in the spec beats a screenshot.", ("Dashboards",)),
    ("Airtable sync", "Our ops team tracks customers in Airtable and wants usage columns there.", ()),
    ("WordPress plugin", "Install tracking without touching the theme code.", ()),
    ("Webflow install guide or app", "Our marketing site is Webflow; tracking signups there took us a day of trial and error.", ()),
    ("Google Tag Manager template", "A community template in GTM would make the web install a two-minute job.", ()),
    ("React Native SDK", "We ship one React Native app for iOS and Android and don't want two native SDKs.", ("Mobile",)),
    ("Flutter SDK", "Flutter is our stack for both mobile apps.", ("Mobile",)),
    ("Unity SDK for games", "We'd love to use Acme for our mobile games as well.", ("Mobile",)),
    ("Swift Package Manager support for the iOS SDK", "We dropped CocoaPods last year; the SDK is the last pod in our project.", ("Mobile",)),
    ("Offline queue in the Android SDK", "Events are lost when the user is on the subway. Queue them and send when back online.", ("Mobile",)),
    ("Next.js server components support", "The JS SDK breaks in server components because it touches window on import.", ()),
    ("Go SDK for backend events", "Our backend is Go and we wrote our own little client; an official one would be better.", ("API",)),
    ("Ruby gem", "Rails shop here, a gem with a Rails integration (current_user) would be lovely.", ("API",)),
    ("PHP / Laravel package", "Half of our customers' shops run on Laravel.", ("API",)),
    ("Java SDK for server-side tracking", "Spring Boot services, high volume, need async batching.", ("API",)),
    ("Chrome extension to debug events on a page", "See which events fire on the current page and with which properties, without digging through the network tab.", ()),
    ("Terraform provider", "Manage projects, API keys and alerts as code like the rest of our infrastructure.", ("API",)),
    ("Discord webhook for alerts", "Our community team runs on Discord, not Slack.", ("Alerts",)),
    ("Export raw events to Amazon S3", "Parquet files in our own bucket, partitioned by day. We'll take it from there.", ("Data import",)),
    ("Kafka sink", "Stream events out in real time into our Kafka cluster for the fraud team.", ()),
    ("Webhook destination for every event", "Forward events to our own endpoint as they arrive.", ("API",)),
    ("ChartMogul sync", "ChartMogul already has our subscription data; pull MRR per account from there.", ("Billing",)),
    ("Chargebee integration", "Subscription events from Chargebee to see revenue per feature adoption.", ("Billing",)),
    ("Auth0: track logins automatically", "Login, signup and MFA events from Auth0 without adding code in our app.", ("SSO",)),
    ("Firebase Analytics import", "Move our app history over from Firebase.", ("Mobile", "Data import")),
]
# fmt: on

# fmt: off
_BUGS = [
    ('Date picker resets to "Last 7 days" after refreshing the page', "I pick \"Last 30 days\", reload, and it's back to 7 days. Happens on every dashboard.", ()),
    ("Chart legend overlaps the data on small screens", 'On my 13" laptop the legend covers the right third of the chart.', ("Dashboards",)),
    ("Funnel shows 104% conversion on step 3", "Step 2 has 512 users, step 3 has 532. Pretty sure that's not possible.", ("Reporting",)),
    ("Exported CSV always uses US date format", "Dates come out as 03/04/2024 no matter my locale, so Excel in Europe reads them as April 3rd.", ("Reporting",)),
    ("Emoji in event names break the breakdown table", 'One of our events has a rocket emoji in its name ("Clicked Launch" plus the rocket) and the whole table shows "Something went wrong" whenever it is in the breakdown.', ()),
    ("Can't remove a filter once it's added", "Clicking the little x on the filter chip does nothing. I have to reload the page.", ()),
    ("Shared link returns 404 after renaming the dashboard", "We renamed \"Growth\" to \"Growth 2024\" and every link we'd sent out stopped working.", ("Dashboards",)),
    ("Tooltip shows the wrong value for the last data point", "Hovering the last point shows the value of the one before it.", ("Dashboards",)),
    ("Typo on the billing page", "\"You will recieve an invoice\" — should be \"receive\". Small thing, but it's on the page where we pay you :)", ("Billing",)),
    ("Invitation e-mails land in spam", "Three of the five people I invited found the invitation in their Gmail spam folder.", ()),
    ("Invitation link says expired right after sending it", 'My colleague clicked it within two minutes and got "This invitation has expired".', ()),
    ("Retention table cuts off the last column", "The table is wider than the card and there's no horizontal scroll, so week 12 is hidden.", ("Reporting",)),
    ("Dashboard jumps back to the top after auto-refresh", "I scroll down to the chart I care about and every refresh throws me back to the top.", ("Dashboards",)),
    ("Saving a chart twice creates a duplicate", "If I click Save twice quickly (slow connection) I end up with two copies of the chart.", ()),
    ("Property names containing dots don't work in filters", 'Filtering on "user.plan" returns nothing, although the breakdown shows values for it.', ()),
    ("API returns 500 when the date range crosses a DST change", "GET /reports/123/results?from=2024-03-01&to=2024-04-01 fails with 500; shorter ranges work.", ("API",)),
    ("JS SDK throws an error in Firefox private windows", '"SecurityError: The operation is insecure" from localStorage, and then nothing is tracked.', ()),
    ("iOS SDK crashes on launch when offline", "Crash in the flush timer when the device starts in airplane mode. Stack trace attached in the support ticket.", ("Mobile",)),
    ("Android SDK sends events twice after the app resumes", "Every event fired just before the app went to background shows up twice.", ("Mobile",)),
    ("Search doesn't find dashboards with accents in the name", 'Searching "Ubersicht" or "Übersicht" finds nothing; the dashboard is called "Übersicht Q3".', ()),
    ('Sorting by "Last modified" does nothing', "The list stays in alphabetical order.", ("Dashboards",)),
    ("Chart colours change on every reload", 'Plan "Pro" is blue, then orange after a refresh. Makes screenshots inconsistent.', ("Dashboards",)),
    ("Breakdown percentages add up to 101%", "Rounding, I assume, but our CFO asked about it in a board meeting.", ("Reporting",)),
    ("Cohort size differs between the cohort page and charts", "The cohort page says 2,340 people, a chart filtered on the same cohort says 2,105.", ("Reporting",)),
    ("Keyboard focus is invisible in the sidebar", "Tabbing through the navigation shows no focus ring at all.", ("Accessibility",)),
    ("Password reset e-mail never arrives", "Tried three times, checked spam. Other e-mails from you arrive fine.", ()),
    ("Can't change my e-mail address in profile settings", 'The field is editable but Save shows "Something went wrong".', ()),
    ("Usage page shows 0 events although data is flowing", "Charts show thousands of events today; the billing usage page says 0.", ("Billing",)),
    ("Charged twice this month", "Two identical charges on the 1st. Support ticket is open but I wanted to flag it here too.", ("Billing",)),
    ("Invoice shows our old company address", "We updated the address in settings but new invoices still show the old one.", ("Billing",)),
    ("Upgrade button does nothing in Firefox", 'Clicking "Upgrade to Growth" does nothing; works in Chrome.', ("Billing",)),
    ('Plan limits show "undefined" on the settings page', "Events per month: undefined / undefined.", ("Billing",)),
    ("CSV export hangs on large tables", "Exporting a breakdown with ~50k rows spins forever, no file, no error.", ("Reporting", "Performance")),
    ("Chart titles get cut off on dashboards", "Long titles are truncated with no tooltip, so we can't tell similar charts apart.", ("Dashboards",)),
    ("Dashboard filters are lost after editing a chart", "I set country = France on the dashboard, edit one chart, come back, and the filter is gone.", ("Dashboards",)),
    ('Breakdown by browser shows "null" for half the users', "Looks like the user agent isn't parsed for events sent from the new JS SDK.", ()),
    ("Webhook retries flood our endpoint", "One failed delivery was retried about 400 times within a minute.", ("API",)),
    ("API pagination returns the same page twice", "Following next_cursor on /events returns the same 100 events again after page 3.", ("API",)),
    ("API docs example uses the wrong header name", "The docs say X-Api-Key but the API only accepts Authorization: Bearer.", ("API",)),
    ("Mobile web: menu button hidden behind the browser bar", "On iPhone Safari the bottom menu button sits under the address bar.", ("Mobile",)),
    ("Numbers show a comma as decimal separator in the English UI", "1,5% instead of 1.5% since yesterday.", ()),
    ("Event names longer than 64 characters are silently cut", "Two different long event names end up as the same truncated name.", ()),
    ("Deleting a cohort breaks charts that use it", "The charts show a red error box instead of telling me which cohort is missing.", ()),
    ("Spike at exactly midnight UTC every day", "Looks like some batch replays events; our hourly chart has a tower at 00:00.", ("Reporting",)),
    ("Yesterday's events show up hours late", "Events from our mobile app arrive 4-6 hours after they happen since Tuesday.", ("Performance",)),
    ("Can't scroll the property dropdown with a trackpad", "Two-finger scroll does nothing in the property picker; I have to drag the scrollbar.", ()),
    ("Dashboard tiles can't be dragged in Chrome 126", "Drag and drop of tiles stopped working after the Chrome update.", ("Dashboards",)),
    ('"Unsaved changes" warning when nothing changed', "Opening a chart and closing it right away asks me whether I want to discard my changes.", ()),
    ("Long dashboard names overflow the sidebar", "The name runs over the icons and you can't click the settings gear.", ("Dashboards",)),
    ("Browser tab freezes on a two-year retention report", "Chrome says the page is unresponsive after about 20 seconds.", ("Performance",)),
]
# fmt: on


def _all_ideas() -> list[DemoIdea]:
    ideas = []
    for key, board, tags, items in _DUPLICATES:
        for title, detail in items:
            ideas.append(DemoIdea(board, title, detail, tags, key))
    for board, rows in (
        ("feature-requests", _FEATURE_REQUESTS),
        ("integrations", _INTEGRATIONS),
        ("bugs", _BUGS),
    ):
        ideas.extend(DemoIdea(board, title, detail, tags) for title, detail, tags in rows)
    return ideas


IDEAS: list[DemoIdea] = _all_ideas()

# Ideas whose fate the demo fixes, so the roadmap tells a coherent story. Every other idea
# gets a status drawn at random (seeded), weighted by how popular it is.
FIXED_STATUSES = {
    "Folders for dashboards": "Planned",
    "Compare to previous period on charts": "Planned",
    "Embed dashboards in our own product": "Planned",
    "SAML single sign-on": "Building",
    "Send alerts to Slack": "Building",
    "Dark mode": "Beta",
    "Click a data point to see the users behind it": "Beta",
    "Session replay": "Won't do",
    "Pie charts": "Won't do",
    "Export dashboards to PDF": "Under review",
}
PINNED_IDEA = "Folders for dashboards"
# title: (owner e-mail, ETA in days from the load, or None)
OWNERS = {
    "Folders for dashboards": ("pm@example.com", 45),
    "Compare to previous period on charts": ("pm@example.com", 75),
    "Embed dashboards in our own product": ("pm@example.com", None),
    "SAML single sign-on": ("engineer@example.com", 21),
    "Send alerts to Slack": ("engineer@example.com", 14),
    "Dark mode": ("engineer@example.com", 10),
    "Click a data point to see the users behind it": ("pm@example.com", 30),
}

# --- changelog: 12 published entries, each linked to the ideas it shipped ---------------------
# title, days ago, linked idea titles, Markdown body
CHANGELOG = [
    (
        "Two-factor authentication",
        168,
        ["Two-factor authentication", "Support authenticator apps for login"],
        "You can now protect your Acme Analytics login with a second factor.\n\n"
        "- Use any authenticator app (1Password, Google Authenticator, Authy…)\n"
        "- Ten recovery codes to print or store safely\n"
        "- Admins see who has 2FA switched on in **Settings → Members**\n\n"
        "Turn it on under **Profile → Security**.",
    ),
    (
        "Export any chart to CSV",
        151,
        ["Download the data behind a chart", "CSV export for funnel results"],
        "Every chart now has **Download CSV** in its menu. You get exactly the numbers the chart shows, "
        "including breakdowns and every funnel step with its conversion rate.\n\n"
        "Large exports are prepared in the background and e-mailed to you when ready.",
    ),
    (
        "Rolling averages and cumulative views",
        137,
        ["7-day rolling average on line charts", "Cumulative totals view"],
        "Two new ways to read noisy line charts:\n\n"
        "1. **Rolling average** — 7, 14 or 28 days, shown as a smooth line over the daily values.\n"
        "2. **Cumulative** — a running total since the start of the date range.\n\n"
        "Find both under *Display* in the chart settings.",
    ),
    (
        "Keyboard shortcuts",
        122,
        ["Keyboard shortcuts"],
        "Press `?` anywhere to see them all. The favourites so far:\n\n"
        "- `/` search dashboards and charts\n"
        "- `n` new chart\n"
        "- `d` then `7`, `3` or `9` for the last 7, 30 or 90 days",
    ),
    (
        "HubSpot: sync cohorts as lists",
        104,
        ["HubSpot: sync cohorts as lists"],
        "Connect HubSpot under **Integrations** and pick the cohorts to sync. Each becomes an active "
        "list in HubSpot that updates every hour, so marketing can reach people who stalled in onboarding "
        "without another CSV export.",
    ),
    (
        "Segment source",
        90,
        ["Segment as a source"],
        "Acme Analytics is now available as a destination in Segment. Add it from the Segment catalogue, "
        "paste your project key and your existing `track`, `identify` and `group` calls flow in — "
        "no code changes.\n\nThanks to everyone who voted for this one!",
    ),
    (
        "Timezone per project",
        76,
        ["Set timezone per project", "Reports show the wrong day because of UTC"],
        "Each project now has its own timezone (**Project settings → General**). Daily, weekly and "
        "monthly buckets, the date picker and scheduled alerts all follow it.\n\n"
        "> Existing projects stay on UTC until you change the setting, so no chart changes under your feet.",
    ),
    (
        "Dashboards load up to 5× faster",
        61,
        [
            "Dashboards take 30+ seconds to load",
            "Very slow loading on large dashboards",
            "Cache dashboard results so they open instantly",
        ],
        "We rebuilt how dashboards fetch their data:\n\n"
        "- charts on the same dashboard share one query plan instead of running separately\n"
        "- results are cached and refreshed in the background\n"
        "- the slowest charts no longer hold up the rest of the page\n\n"
        "Large dashboards (20+ charts) that took 30 seconds now open in 3–6.",
    ),
    (
        "Fixed: empty charts in Safari",
        45,
        ["Charts don't render in Safari", "Blank graphs on Safari 17"],
        "Charts stayed empty in Safari 17 and on iPad because of a canvas sizing bug. It's fixed; "
        "if you still see an empty chart after a reload, please tell us on the Bugs board.",
    ),
    (
        "Invoices in billing settings",
        31,
        ["Access to past invoices", "Add our VAT ID to invoices"],
        "**Settings → Billing** now lists every invoice with a PDF download, and you can add a VAT ID "
        "and a billing address that appear on all future invoices.",
    ),
    (
        "Annotations on charts",
        17,
        ["Add annotations to charts", "Event markers on graphs (e.g. deploys)"],
        "Click any date on a time-series chart to add an annotation. Annotations are shared across the "
        "project, so a release note added once shows up on every chart.\n\n"
        "You can also create them from the API, for example from your deploy pipeline:\n\n"
        '```\nPOST /api/v1/annotations {"date": "2024-05-02", "text": "v4.2 released"}\n```',
    ),
    (
        "Schedule reports by e-mail",
        6,
        ["Schedule reports to be emailed weekly", "Automatic email digest of key metrics"],
        "Any dashboard or report can now be e-mailed on a schedule — daily, weekly or monthly, at the "
        "time you choose, in your project's timezone. Recipients don't need an Acme login: they get "
        "the charts as images plus a link for people who do.\n\nSet it up from the **Share** menu.",
    ),
]
# A draft the team is still writing (not public), linked to an idea on the roadmap.
CHANGELOG_DRAFT = (
    "Folders for dashboards",
    ["Folders for dashboards"],
    "Dashboards can now live in folders, one level deep, with their own permissions. "
    "*Draft — screenshots to come.*",
)

# --- body building blocks -----------------------------------------------------------------------
OPENERS = [
    "Hi team!",
    "Hey Acme folks,",
    "Love the product so far.",
    "We've been on Acme for about a year now.",
    "Coming from Mixpanel, this is the one thing I really miss.",
    "Feature request from our growth team:",
    "Quick one:",
    "Our data team asked me to post this.",
    "This came up again in our weekly product review.",
    "Long-time user, first post here.",
    "Following up on a chat with your support team:",
    "Hello!",
    "Big fan of the new chart builder, but:",
]
IMPACTS = [
    "This would save me a couple of hours every week.",
    "Right now we work around it with spreadsheets, which is error-prone.",
    "It's the number one thing our execs ask me about.",
    "For us this is a deal-breaker at renewal time.",
    "Several people on my team have asked for this.",
    "It would make Acme much easier to roll out to the rest of the company.",
    "Honestly it's the main reason part of our team still uses the old tool.",
    "We have about 30 people using Acme daily, so this adds up.",
    "Every competitor we evaluated has this.",
    "It's a small thing but we hit it every single day.",
]
CLOSINGS = [
    "Thanks!",
    "Thanks for considering!",
    "Happy to hop on a call if it helps.",
    "Cheers",
    "Keep up the great work.",
    "Would happily pay a bit more for this.",
    "Thanks in advance!",
    "Thank you!",
]
BUG_DETAILS = [
    "Happens every time.",
    "Happens maybe one time in five.",
    "Started after last week's release.",
    "Colleagues can reproduce it too.",
    "Only in our EU project as far as I can tell.",
]
BROWSERS = [
    "Chrome 126 on macOS 14",
    "Firefox 127 on Windows 11",
    "Safari 17.5 on macOS",
    "Edge 125 on Windows 10",
    "Chrome on Ubuntu 22.04",
    "Chrome 125 on ChromeOS",
]
BUG_CLOSINGS = [
    "Happy to share a screen recording.",
    "Let me know if you need our project ID.",
    "Thanks for looking into it!",
    "Workaround for now: reloading the page.",
    "",
]

# --- comments -----------------------------------------------------------------------------------
CUSTOMER_COMMENTS = [
    "+1, we need this too.",
    "Same here — our customer success team asks about this every week.",
    "Any update on this?",
    "This would be huge for us.",
    "Adding our vote. We're evaluating alternatives partly because of this.",
    "We work around it with a Google Sheet today, but it's fragile.",
    "Would love this. Bonus points if it's available through the API too.",
    "Is there an ETA?",
    "Upvoted. Our whole analytics team (six people) wants this.",
    "Please prioritise this! It's been open for a while.",
    "Our use case: we report to investors monthly and this is the most painful part of it.",
    "Yes please. It's the one thing I still miss from our previous tool.",
    "Does anyone have a workaround in the meantime?",
    "We'd be happy to beta test this.",
    "To add some detail: we'd need this per project, not for the whole account.",
    "Critical for us. We're on the Business plan and this came up during our renewal.",
    "Fully agree with this request.",
    "Is this on the roadmap at all?",
    "Small +1 from a three-person startup :)",
    "Ideally this would respect the existing permissions.",
    "I'd actually prefer this to be optional — please don't switch it on for everyone by default.",
    "We built an internal script for this. Would happily delete it if it were built in.",
    "Our enterprise customers ask us for exactly this.",
    "Would this work for the mobile SDK data too?",
    "Another vote from the {company} team.",
    "This plus the Slack alerts would cover 90% of what we need.",
    "Just lost an hour because this doesn't exist. Please!",
    "I'd love to see a mock-up before you build it, happy to give feedback.",
    "Not urgent for us, but it would be a nice quality-of-life improvement.",
    "Same problem at {company}.",
]
CUSTOMER_REPLIES = [  # a customer answering another customer
    "Same here.",
    "Good point — we'd need that too.",
    "We do the same thing and it's a pain.",
    "+1 to this.",
    "Exactly our situation as well.",
    "Interesting, we hadn't thought of that use case.",
    "Same at {company}.",
    "Agreed. Per project would be even better for us.",
]
CUSTOMER_THANKS = [  # a customer answering the team
    "Thanks for the update!",
    "Appreciate the transparency.",
    "Sounds good, looking forward to it.",
    "Thanks for keeping us posted.",
    "Great, thank you!",
]
CUSTOMER_WONT_DO = [
    "That's a shame, but thanks for being clear about it.",
    "Understood. Any chance you'd reconsider for Enterprise plans?",
    "Disappointing — this was one of the reasons we picked Acme. Please reconsider.",
]
CUSTOMER_BUG_FIXED = [
    "Confirmed, works for us now. Thanks!",
    "Fixed on our side too, thank you!",
    "Still seeing it on Firefox after the fix, unfortunately. Chrome is fine now.",
]
CUSTOMER_SHIPPED = [
    "Just tried it — works great, thank you!",
    "Finally! Thanks team!",
    "Love it. One small thing: could the setting be remembered per user?",
    "This already saved me an hour this morning.",
    "Works well. Any chance you'll extend it to the mobile projects?",
    "Thank you for listening!",
]
CUSTOMER_BETA = [
    "How do I get access to the beta?",
    "Tried the beta this week. Works nicely, but it was a bit slow on our biggest dashboard.",
    "Would love to join the beta!",
]
CUSTOMER_BUG = [
    "Happening for us too, on Chrome.",
    "Same here since last week's release.",
    "Can confirm, also on Firefox.",
    "Any workaround? This blocks our weekly report.",
    "Still happening today.",
    "We see this as well, in two different projects.",
    "Seeing this on Windows too, so it's not a Mac thing.",
]
TEAM_REPLIES = [
    "Thanks for the detailed write-up! Could you tell us a bit more about how often you'd use this?",
    "Great suggestion. We're collecting use cases — please keep them coming in the comments.",
    "Thanks! Quick question: would you need this per dashboard or for the whole workspace?",
    "We hear you. This is a big one, so we want to scope it properly before committing to a date.",
    "Thanks for the feedback. Would a short call help us understand your setup? Reply here and we'll reach out.",
    "Appreciate it! Upvotes and use cases like this really do shape what we pick next.",
    "Thanks for the suggestion — we've added your use case to our notes for this one.",
]
TEAM_ANSWERS = [  # the team answering a customer's comment
    "Thanks for adding your use case — it helps us size this.",
    "Good question. Nothing to share yet, but we'll post here as soon as that changes.",
    "Thanks! Would you need this per project or for the whole account?",
    "Noted, thanks for the extra detail.",
    "Thanks — I've passed this on to the team working on it.",
]
TEAM_BUG = [
    "Thanks for the report! We can reproduce it and are working on a fix.",
    "Could you tell us your browser version and share a screenshot? We can't reproduce it yet.",
    "Thanks — this is on our list for this week's bug-fix rotation.",
    "Sorry about this! We found the cause and a fix is in review.",
]
TEAM_STATUS = {
    "Under review": [
        "We're looking into this one now and will update the status once we know more.",
        "Moving this to review: we're talking to a few customers about how they'd use it.",
    ],
    "Planned": [
        "Good news: this is planned for next quarter. We'll post updates here.",
        "We've started design work on this. If you'd like to join a research call, reply here!",
    ],
    "Building": [
        "Our team is building this now. We expect a beta in a few weeks.",
        "Development has started. Follow this idea to hear when the beta opens.",
    ],
    "Beta": [
        "This is now in beta! Reply here or ask support and we'll switch it on for your workspace.",
    ],
    "Shipped": [
        "This is live for everyone as of today. Thanks to everyone who voted and shared use cases!",
        "Shipped! Details are in the changelog. Let us know how it works for you.",
    ],
    "Won't do": [
        "Thanks for suggesting this. After a lot of discussion we've decided not to build it: it doesn't fit where the product is going. We know that's disappointing, and we'd rather be honest than leave it open forever.",
        "We're closing this one for now. It would need a big change to how we store data, and it only helped a small number of accounts. We'll revisit if that changes.",
    ],
}
TEAM_BUG_FIXED = [
    "Fixed in today's release — please let us know if you still see it.",
    "The fix is live. Thanks for reporting it and for your patience!",
]
INTERNAL_NOTES = [
    "Came up in three enterprise renewal calls this quarter.",
    "Needs a design spike before we can estimate.",
    "Tracked as ENG-{number}.",
    "{company} asked about this on their QBR; they'd pay for it as an add-on.",
    "Overlaps with the permissions rework. Let's bundle them.",
    "Low effort if we reuse the export service — roughly three days.",
    "Not before the query engine migration is done.",
    "Support has {number_small} tickets about this in the last month.",
    "Legal needs to review before we commit to a date.",
    "Checked the data: mostly requested by Growth and Business plans.",
    "{company} is churn risk; this is on their list of blockers.",
    "Root cause is in the ingestion worker. The fix is small, adding a regression test first.",
    "Duplicate-ish of a couple of other requests; worth merging once we have merge.",
    "Sales says this is asked in roughly every second enterprise demo.",
]
INTERNAL_REPLIES = [
    "Agreed. Lena, can you size it?",
    "Sized it: M, maybe L with the API part.",
    "Let's discuss in Thursday's planning.",
    "+1, I'll add it to the Q3 candidates.",
    "Spoke with their admin, they're fine waiting until next quarter.",
]
