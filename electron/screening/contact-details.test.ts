import { describe, expect, it } from 'vitest';
import { stillHasContact, stripContactDetails } from './contact-details';
import { BULLET_RESUME, TABLE_RESUME } from './test-resumes';

/** A résumé head in the ways they come: a name line, a contact line, links and an address. */
const HEADED = `José Álvarez-Núñez
Senior data engineer
jose.alvarez+jobs@example-mail.co.uk | +44 (0)20 7946 0958 | linkedin.com/in/jose-alvarez
https://github.com/jalvarez · www.alvarez.dev
221B Baker Street, London NW1 6XE
Date of birth: 04/05/1990
Nationality: Spanish

SUMMARY
Data engineer with 8 years of experience; Jose Alvarez led Spark pipelines at Initech (2016 – 2019).
Call me on 020-7946-0959 or (555) 123-4567.

EXPERIENCE
Initech, 2016-2019: Kafka and Spark, 40 TB a day.
Contact: jalvarez on Slack.`;

describe('stripContactDetails', () => {
  const { text, removed } = stripContactDetails(HEADED, {
    fullName: 'José Álvarez-Núñez',
    email: 'jalvarez@example.com',
  });

  it('takes out the name, e-mail, phones, links, address and personal lines', () => {
    for (const gone of [
      'José',
      'Jose',
      'Álvarez',
      'Alvarez',
      'jose.alvarez',
      '7946',
      '123-4567',
      'linkedin',
      'github',
      'alvarez.dev',
      'Baker Street',
      'NW1 6XE',
      '1990',
      'Spanish',
      'jalvarez',
    ]) {
      expect(text, gone).not.toContain(gone);
    }
    expect(stillHasContact(text)).toBe(false);
    expect(removed.email).toBe(1);
    expect(removed.phone).toBeGreaterThanOrEqual(3);
    expect(removed.link).toBeGreaterThanOrEqual(3);
    expect(removed.address).toBeGreaterThanOrEqual(1);
    expect(removed.personal).toBe(2);
  });

  it('keeps a skill line that begins with a word a personal line uses', () => {
    const skills =
      'SKILLS\nGitHub Actions pipelines and Terraform\nAge-old COBOL systems migrated\nBorn 3 May 1991 in Leeds\nGitHub: octo-dev';
    const out = stripContactDetails(skills, { fullName: 'Ana Li' });
    expect(out.text).toContain('GitHub Actions pipelines and Terraform');
    expect(out.text).toContain('Age-old COBOL systems migrated');
    expect(out.text).not.toContain('1991');
    expect(out.text).not.toContain('octo-dev');
    expect(out.removed.personal).toBe(2);
  });

  it('keeps what the candidate did and knows, and the year ranges the screener reads', () => {
    for (const kept of ['Senior data engineer', '8 years', 'Spark', 'Kafka', '2016 – 2019']) {
      expect(text).toContain(kept);
    }
    expect(text).toContain('Initech, 2016-2019');
    expect(text).toContain('[email]');
    expect(text).toContain('[phone]');
  });

  it('takes out an opening name line even when the station has another name on file', () => {
    const out = stripContactDetails(BULLET_RESUME, { fullName: 'Someone Else' }).text;
    expect(out.split('\n')[0]).toBe('[name]');
    expect(out).not.toContain('Alex Example');
    expect(out).toContain('Ran PostgreSQL migrations for 40 services');
  });

  it('leaves a section heading in capitals, tables and skill names alone', () => {
    const out = stripContactDetails(TABLE_RESUME, { fullName: 'Tab Le' }).text;
    expect(out).toBe(TABLE_RESUME);
    const skills = stripContactDetails('SKILLS AND TOOLS\nGo, C++ and Node.js', {}).text;
    expect(skills).toBe('SKILLS AND TOOLS\nGo, C++ and Node.js');
  });

  it('does not cut a name out of a longer word', () => {
    const out = stripContactDetails('Worked with Anna on the Annals project', {
      fullName: 'Ann Lee',
    }).text;
    expect(out).toBe('Worked with Anna on the Annals project');
  });
});
