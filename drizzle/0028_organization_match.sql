CREATE TABLE "organization_match" (
	"organization_id" uuid PRIMARY KEY NOT NULL,
	"reputation_score" integer NOT NULL,
	"preferred_event_types" bigint NOT NULL,
	"sponsorship_types" bigint NOT NULL,
	"supported_regions" bigint NOT NULL,
	"technologies" bigint NOT NULL,
	"budget_min_minor" bigint,
	"budget_max_minor" bigint,
	"added_by_community_id" uuid,
	"status" text NOT NULL,
	"budget_currency" text,
	"preferred_event_types_extra" text[],
	"sponsorship_types_extra" text[],
	"supported_regions_extra" text[],
	"technologies_extra" text[]
);
--> statement-breakpoint
CREATE TABLE "organization_match_term" (
	"field" text NOT NULL,
	"value" text NOT NULL,
	"bit" smallint,
	CONSTRAINT "organization_match_term_field_value_pk" PRIMARY KEY("field","value")
);
--> statement-breakpoint
ALTER TABLE "organization_match" ADD CONSTRAINT "organization_match_organization_id_organization_search_organization_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organization_search"("organization_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Smart matching's lean copy of organization_search (src/db/schema/organization-match.ts), kept by the statement
-- triggers below in the writing transaction: each list as a mask of its values' bits, plus the sign bit and the
-- values themselves for those without a bit.
-- New values get the next free bits of their field (0-62, then none). Under a transaction-scoped lock, taken only
-- when a batch brings a value never seen, so two writers never give one bit to two values; a writer that still
-- cannot see a value's term (a snapshot older than its commit) stores it as an extra value, which is as exact.
CREATE FUNCTION organization_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM new_rows n,
    LATERAL (VALUES ('preferredEventTypes', n.preferred_event_types), ('sponsorshipTypes', n.sponsorship_types),
                    ('supportedRegions', n.supported_regions), ('technologies', n.technologies)) AS l(field, vals),
    unnest(l.vals) AS v
   WHERE NOT EXISTS (SELECT 1 FROM organization_match_term t WHERE t.field = l.field AND t.value = v)
   LIMIT 1;
  IF FOUND THEN
    PERFORM pg_advisory_xact_lock(hashtext('organization_match_term'));
    INSERT INTO organization_match_term (field, value, bit)
    SELECT field, value, CASE WHEN b < 63 THEN b END
      FROM (SELECT d.field, d.value,
                   coalesce((SELECT max(t.bit) FROM organization_match_term t WHERE t.field = d.field), -1)
                     + row_number() OVER (PARTITION BY d.field ORDER BY d.value) AS b
              FROM (SELECT DISTINCT l.field, v AS value FROM new_rows n,
                      LATERAL (VALUES ('preferredEventTypes', n.preferred_event_types),
                                      ('sponsorshipTypes', n.sponsorship_types),
                                      ('supportedRegions', n.supported_regions),
                                      ('technologies', n.technologies)) AS l(field, vals),
                      unnest(l.vals) AS v
                     WHERE NOT EXISTS (SELECT 1 FROM organization_match_term t WHERE t.field = l.field AND t.value = v)) AS d
           ) AS x
     ORDER BY field, value
    ON CONFLICT DO NOTHING;
  END IF;
  WITH vals AS (
    SELECT n.organization_id, l.field, v, t.bit
      FROM new_rows n,
           LATERAL (VALUES ('preferredEventTypes', n.preferred_event_types), ('sponsorshipTypes', n.sponsorship_types),
                           ('supportedRegions', n.supported_regions), ('technologies', n.technologies)) AS l(field, vals)
           CROSS JOIN LATERAL unnest(l.vals) AS v
           LEFT JOIN organization_match_term t ON t.field = l.field AND t.value = v
  ), lists AS (
    SELECT organization_id, field,
           bit_or(CASE WHEN bit IS NULL THEN (-9223372036854775807 - 1)::bigint ELSE 1::bigint << bit END) AS mask,
           array_agg(v ORDER BY v) FILTER (WHERE bit IS NULL) AS extra
      FROM vals GROUP BY 1, 2
  )
  INSERT INTO organization_match (organization_id, reputation_score, preferred_event_types, sponsorship_types,
      supported_regions, technologies, budget_min_minor, budget_max_minor, added_by_community_id, status,
      budget_currency, preferred_event_types_extra, sponsorship_types_extra, supported_regions_extra,
      technologies_extra)
  SELECT n.organization_id, n.reputation_score, coalesce(e.mask, 0), coalesce(s.mask, 0), coalesce(r.mask, 0),
         coalesce(t.mask, 0), n.budget_min_minor, n.budget_max_minor, n.added_by_community_id, n.status,
         n.budget_currency, e.extra, s.extra, r.extra, t.extra
    FROM new_rows n
    LEFT JOIN lists e ON e.organization_id = n.organization_id AND e.field = 'preferredEventTypes'
    LEFT JOIN lists s ON s.organization_id = n.organization_id AND s.field = 'sponsorshipTypes'
    LEFT JOIN lists r ON r.organization_id = n.organization_id AND r.field = 'supportedRegions'
    LEFT JOIN lists t ON t.organization_id = n.organization_id AND t.field = 'technologies'
   ORDER BY n.organization_id
  ON CONFLICT (organization_id) DO UPDATE SET
    reputation_score = excluded.reputation_score,
    preferred_event_types = excluded.preferred_event_types,
    sponsorship_types = excluded.sponsorship_types,
    supported_regions = excluded.supported_regions,
    technologies = excluded.technologies,
    budget_min_minor = excluded.budget_min_minor,
    budget_max_minor = excluded.budget_max_minor,
    added_by_community_id = excluded.added_by_community_id,
    status = excluded.status,
    budget_currency = excluded.budget_currency,
    preferred_event_types_extra = excluded.preferred_event_types_extra,
    sponsorship_types_extra = excluded.sponsorship_types_extra,
    supported_regions_extra = excluded.supported_regions_extra,
    technologies_extra = excluded.technologies_extra;
  RETURN NULL;
END $$;--> statement-breakpoint
-- Deletes follow by the foreign key (ON DELETE CASCADE).
CREATE TRIGGER organization_match_on_insert AFTER INSERT ON organization_search
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_match_sync();--> statement-breakpoint
CREATE TRIGGER organization_match_on_update AFTER UPDATE ON organization_search
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_match_sync();--> statement-breakpoint
-- The rows indexed before this migration: their values' terms, then their rows, as the trigger writes them.
INSERT INTO organization_match_term (field, value, bit)
SELECT field, value, CASE WHEN b < 63 THEN b END
  FROM (SELECT d.field, d.value, row_number() OVER (PARTITION BY d.field ORDER BY d.value) - 1 AS b
          FROM (SELECT DISTINCT l.field, v AS value FROM organization_search n,
                  LATERAL (VALUES ('preferredEventTypes', n.preferred_event_types),
                                  ('sponsorshipTypes', n.sponsorship_types),
                                  ('supportedRegions', n.supported_regions),
                                  ('technologies', n.technologies)) AS l(field, vals),
                  unnest(l.vals) AS v) AS d) AS x;--> statement-breakpoint
WITH vals AS (
  SELECT n.organization_id, l.field, v, t.bit
    FROM organization_search n,
         LATERAL (VALUES ('preferredEventTypes', n.preferred_event_types), ('sponsorshipTypes', n.sponsorship_types),
                         ('supportedRegions', n.supported_regions), ('technologies', n.technologies)) AS l(field, vals)
         CROSS JOIN LATERAL unnest(l.vals) AS v
         LEFT JOIN organization_match_term t ON t.field = l.field AND t.value = v
), lists AS (
  SELECT organization_id, field,
         bit_or(CASE WHEN bit IS NULL THEN (-9223372036854775807 - 1)::bigint ELSE 1::bigint << bit END) AS mask,
         array_agg(v ORDER BY v) FILTER (WHERE bit IS NULL) AS extra
    FROM vals GROUP BY 1, 2
)
INSERT INTO organization_match (organization_id, reputation_score, preferred_event_types, sponsorship_types,
    supported_regions, technologies, budget_min_minor, budget_max_minor, added_by_community_id, status,
    budget_currency, preferred_event_types_extra, sponsorship_types_extra, supported_regions_extra,
    technologies_extra)
SELECT n.organization_id, n.reputation_score, coalesce(e.mask, 0), coalesce(s.mask, 0), coalesce(r.mask, 0),
       coalesce(t.mask, 0), n.budget_min_minor, n.budget_max_minor, n.added_by_community_id, n.status,
       n.budget_currency, e.extra, s.extra, r.extra, t.extra
  FROM organization_search n
  LEFT JOIN lists e ON e.organization_id = n.organization_id AND e.field = 'preferredEventTypes'
  LEFT JOIN lists s ON s.organization_id = n.organization_id AND s.field = 'sponsorshipTypes'
  LEFT JOIN lists r ON r.organization_id = n.organization_id AND r.field = 'supportedRegions'
  LEFT JOIN lists t ON t.organization_id = n.organization_id AND t.field = 'technologies';
