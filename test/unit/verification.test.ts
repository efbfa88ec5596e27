import { describe, expect, it } from 'vitest';
import { assessApplication, decisionAllowed, type TApplicationFacts } from '../../src/domain/verification.js';

const clean: TApplicationFacts = {
  emailDomain: 'acme.io',
  websiteDomain: 'acme.io',
  freeMail: false,
  disposableMail: false,
  similarNames: [],
  description: 'Cloud platform for developers.',
  recentApplicationsFromIp: 0,
  recentApplicationsFromEmailDomain: 0,
};

describe('assessApplication', () => {
  it('scores a clean company application 0', () => {
    expect(assessApplication(clean)).toEqual({ riskScore: 0, signals: [] });
  });

  it('accepts a subdomain of the website as the email domain', () => {
    expect(assessApplication({ ...clean, emailDomain: 'mail.acme.io' }).riskScore).toBe(0);
  });

  it('flags mismatched, free and disposable email with named, weighted reasons', () => {
    const free = assessApplication({ ...clean, emailDomain: 'gmail.com', freeMail: true });
    expect(free.signals.map((s) => s.name)).toEqual(['free_mail', 'email_domain_mismatch']);
    expect(free.riskScore).toBe(70);
    const disposable = assessApplication({
      ...clean,
      emailDomain: 'mailinator.com',
      disposableMail: true,
      freeMail: true,
    });
    expect(disposable.signals.map((s) => s.name)).toEqual(['disposable_mail', 'email_domain_mismatch']);
    expect(disposable.riskScore).toBe(100);
  });

  it('flags similar names, link stuffing, empty descriptions and velocity', () => {
    const r = assessApplication({
      ...clean,
      similarNames: [{ name: 'Acme Cloud', similarity: 0.8 }],
      description: 'http://a.co http://b.co www.c.co https://d.co',
      recentApplicationsFromIp: 4,
      recentApplicationsFromEmailDomain: 5,
    });
    expect(r.signals.map((s) => s.name)).toEqual([
      'similar_name',
      'link_stuffed_description',
      'ip_velocity',
      'email_domain_velocity',
    ]);
    expect(r.signals[0]!.reason).toContain('Acme Cloud');
    expect(assessApplication({ ...clean, description: '  ' }).signals.map((s) => s.name)).toEqual([
      'empty_description',
    ]);
  });
});

describe('decisionAllowed', () => {
  it('allows decisions only while waiting for one; request_info once per round', () => {
    expect(decisionAllowed('pending_review', 'request_info')).toBe(true);
    expect(decisionAllowed('info_requested', 'approve')).toBe(true);
    expect(decisionAllowed('info_requested', 'request_info')).toBe(false);
    for (const phase of ['checking', 'awaiting_activation', 'active', 'rejected', 'expired'] as const) {
      expect(decisionAllowed(phase, 'approve')).toBe(false);
    }
  });
});
