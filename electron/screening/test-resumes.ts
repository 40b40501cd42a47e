/** Résumés written for the screener's tests, in the shapes résumés come in. Fictional people. */

/** Headings, a bullet skills list, jobs with month–year ranges, a degree with its own years. */
export const BULLET_RESUME = `Alex Example
Backend engineer

SKILLS
• TypeScript, Node.js, Postgres
• Docker • Kubernetes
• C# and .NET Core

EXPERIENCE
Senior Engineer, Acme Ltd — Jan 2019 – present
- Built billing APIs in TypeScript on Node.js
- Ran PostgreSQL migrations for 40 services
Engineer, Widget Co, 06/2016 - 12/2018
- Maintained Java services

EDUCATION
BSc Computer Science, 2012 – 2016
`;

/** No headings at all: a paragraph of prose with a stated figure. */
export const PROSE_RESUME = `I am a developer with 5+ years of experience writing JavaScript for the browser.
Lately I have been learning Go and some Rust in my spare time, and I like to go hiking.
I have shipped React front ends and written a little machine-learning code.`;

/** A table flattened to lines by text extraction: cells separated by tabs and pipes. */
export const TABLE_RESUME = `Work history
Company | Role | Dates
Initech | Developer | 2015 – 2018
Globex | Lead developer | 2017 – 2021
Technical skills
Language\tLevel
C++\tExpert
Python\tGood
Projects
A ray tracer in Rust
Education
MSc Physics 2010 - 2015`;
