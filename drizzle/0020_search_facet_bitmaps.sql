CREATE TABLE "organization_search_facet" (
	"value" text PRIMARY KEY NOT NULL,
	"bits" bit varying NOT NULL
);
--> statement-breakpoint
ALTER TABLE "organization_search" ADD COLUMN "ord" integer NOT NULL GENERATED ALWAYS AS IDENTITY (sequence name "organization_search_ord_seq" INCREMENT BY 1 MINVALUE 0 MAXVALUE 2147483647 START WITH 0 CACHE 1);--> statement-breakpoint
CREATE INDEX "organization_search_facet_values_idx" ON "organization_search" USING gin ("facet_values");--> statement-breakpoint
-- Bitmaps are read whole by every directory query: stored out of line uncompressed, so reading one costs no decompression.
ALTER TABLE "organization_search_facet" ALTER COLUMN "bits" SET STORAGE EXTERNAL;--> statement-breakpoint
-- Facet bitmaps (organization_search_facet, see src/db/schema/organization-search.ts): one bit string per
-- facet value with bit `ord` set for each row holding it, kept by the statement triggers below in the
-- writing transaction. A bitmap of the given row numbers, `nbits` long: built from the sorted distinct
-- numbers as text, so its cost follows the number of rows, not the bitmap's length.
CREATE FUNCTION organization_search_bitmap(ords int[], nbits int) RETURNS bit varying
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (coalesce(string_agg(repeat('0', o - p - 1) || '1', '' ORDER BY o), '')
          || repeat('0', nbits - 1 - coalesce(max(o), -1)))::bit varying
    FROM (SELECT o, lag(o, 1, -1) OVER (ORDER BY o) AS p
            FROM (SELECT DISTINCT o FROM unnest(ords) AS o WHERE o >= 0 AND o < nbits) AS d) AS x
$$;--> statement-breakpoint
-- The values a row contributes bitmaps for: its facet values, and for a "Community Added" organization the
-- community that may see it ("addedBy<US>id"; directory visibility, never counted as a facet).
CREATE FUNCTION organization_search_bitmap_values(facet_values text[], status text, added_by uuid) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN status = 'Community Added' AND added_by IS NOT NULL
              THEN facet_values || ('addedBy' || chr(31) || added_by::text) ELSE facet_values END
$$;--> statement-breakpoint
-- The common length of every bitmap, grown (all bitmaps at once, in 8192-bit steps) to cover max_ord.
CREATE FUNCTION organization_search_facet_capacity(max_ord int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE
  current_bits int;
  wanted int;
BEGIN
  SELECT length(bits) INTO current_bits FROM organization_search_facet LIMIT 1;
  wanted := greatest(coalesce(current_bits, 0), (coalesce(max_ord, 0) / 8192 + 1) * 8192);
  IF current_bits IS NOT NULL AND wanted > current_bits THEN
    UPDATE organization_search_facet SET bits = bits || repeat('0', wanted - current_bits)::bit varying;
  END IF;
  RETURN wanted;
END $$;--> statement-breakpoint
-- Sets and clears the given rows' bits in one value's bitmap. A few bits are flipped one by one (each
-- flip copies the bitmap); many go through one bitmap of them.
CREATE FUNCTION organization_search_facet_apply(facet_value text, set_ords int[], clear_ords int[], nbits int)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  b bit varying;
  o int;
BEGIN
  SELECT bits INTO b FROM organization_search_facet WHERE value = facet_value;
  IF b IS NULL THEN
    b := repeat('0', nbits)::bit varying;
  END IF;
  IF cardinality(clear_ords) > 256 THEN
    b := b & ~organization_search_bitmap(clear_ords, nbits);
  ELSIF clear_ords IS NOT NULL THEN
    FOREACH o IN ARRAY clear_ords LOOP b := set_bit(b, o, 0); END LOOP;
  END IF;
  IF cardinality(set_ords) > 256 THEN
    b := b | organization_search_bitmap(set_ords, nbits);
  ELSIF set_ords IS NOT NULL THEN
    FOREACH o IN ARRAY set_ords LOOP b := set_bit(b, o, 1); END LOOP;
  END IF;
  INSERT INTO organization_search_facet (value, bits) VALUES (facet_value, b)
    ON CONFLICT (value) DO UPDATE SET bits = excluded.bits;
END $$;--> statement-breakpoint
-- One function for the three statement triggers: the (value, row) pairs that appeared set bits, those that
-- went clear them. Writers take one transaction lock first, so bitmaps never differ in length and
-- concurrent writers cannot interleave their read-modify-write of a bitmap.
CREATE FUNCTION organization_search_facet_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  nbits int;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('organization_search_facet'));
  IF TG_OP = 'INSERT' THEN
    nbits := organization_search_facet_capacity((SELECT max(ord) FROM new_rows));
    PERFORM organization_search_facet_apply(v, array_agg(n.ord), NULL, nbits)
       FROM new_rows AS n,
            unnest(organization_search_bitmap_values(n.facet_values, n.status, n.added_by_community_id)) AS v
      GROUP BY v;
  ELSIF TG_OP = 'DELETE' THEN
    IF NOT EXISTS (SELECT 1 FROM organization_search) THEN
      DELETE FROM organization_search_facet;
      RETURN NULL;
    END IF;
    nbits := organization_search_facet_capacity(NULL);
    PERFORM organization_search_facet_apply(v, NULL, array_agg(o.ord), nbits)
       FROM old_rows AS o,
            unnest(organization_search_bitmap_values(o.facet_values, o.status, o.added_by_community_id)) AS v
      GROUP BY v;
  ELSE
    nbits := organization_search_facet_capacity((SELECT max(ord) FROM new_rows));
    PERFORM organization_search_facet_apply(value, array_agg(ord) FILTER (WHERE added),
                                            array_agg(ord) FILTER (WHERE NOT added), nbits)
       FROM ((SELECT v AS value, n.ord, true AS added FROM new_rows AS n,
                unnest(organization_search_bitmap_values(n.facet_values, n.status, n.added_by_community_id)) AS v
              EXCEPT
              SELECT v, o.ord, true FROM old_rows AS o,
                unnest(organization_search_bitmap_values(o.facet_values, o.status, o.added_by_community_id)) AS v)
             UNION ALL
             (SELECT v, o.ord, false FROM old_rows AS o,
                unnest(organization_search_bitmap_values(o.facet_values, o.status, o.added_by_community_id)) AS v
              EXCEPT
              SELECT v, n.ord, false FROM new_rows AS n,
                unnest(organization_search_bitmap_values(n.facet_values, n.status, n.added_by_community_id)) AS v)
            ) AS changed
      GROUP BY value;
  END IF;
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER organization_search_facets_on_insert AFTER INSERT ON organization_search
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_search_facet_sync();--> statement-breakpoint
CREATE TRIGGER organization_search_facets_on_update AFTER UPDATE ON organization_search
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_search_facet_sync();--> statement-breakpoint
CREATE TRIGGER organization_search_facets_on_delete AFTER DELETE ON organization_search
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION organization_search_facet_sync();--> statement-breakpoint
-- The rows indexed before this migration.
INSERT INTO organization_search_facet (value, bits)
  SELECT v, organization_search_bitmap(array_agg(s.ord), c.nbits)
    FROM organization_search AS s,
         unnest(organization_search_bitmap_values(s.facet_values, s.status, s.added_by_community_id)) AS v,
         (SELECT (coalesce(max(ord), 0) / 8192 + 1) * 8192 AS nbits FROM organization_search) AS c
   GROUP BY v, c.nbits;
