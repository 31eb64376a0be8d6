/**
 * Regions and zones where Parallelstore instances can be created.
 *
 * Source: Google Cloud, "Parallelstore supported locations"
 * (cloud.google.com/parallelstore/docs/locations), as read on 2026-12-04. Google adds zones
 * over time: a zone missing here is rejected with a pointer to this table, so update the
 * table (and its date) rather than working around the check.
 */
export const PARALLELSTORE_ZONES_AS_OF = "2026-12-04";

export const PARALLELSTORE_ZONES: Readonly<Record<string, readonly string[]>> = {
  "asia-east1": ["asia-east1-a", "asia-east1-b", "asia-east1-c"],
  "asia-southeast1": ["asia-southeast1-a", "asia-southeast1-b", "asia-southeast1-c"],
  "europe-north1": ["europe-north1-a", "europe-north1-b", "europe-north1-c"],
  "europe-west1": ["europe-west1-b", "europe-west1-c", "europe-west1-d"],
  "europe-west4": ["europe-west4-a", "europe-west4-b", "europe-west4-c"],
  "us-central1": ["us-central1-a", "us-central1-b", "us-central1-c", "us-central1-f"],
  "us-east1": ["us-east1-b", "us-east1-c", "us-east1-d"],
  "us-east4": ["us-east4-a", "us-east4-b", "us-east4-c"],
  "us-east5": ["us-east5-a", "us-east5-b", "us-east5-c"],
  "us-west1": ["us-west1-a", "us-west1-b", "us-west1-c"],
  "us-west2": ["us-west2-a", "us-west2-b", "us-west2-c"],
  "us-west3": ["us-west3-a", "us-west3-b", "us-west3-c"],
  "us-west4": ["us-west4-a", "us-west4-b", "us-west4-c"],
};

/** Google Cloud zone names: region plus a one-letter suffix, e.g. `us-central1-a`. */
const ZONE_PATTERN = /^([a-z]+(?:-[a-z]+)*[0-9]+)-([a-z])$/;

/** Google Cloud region names, e.g. `us-central1`, `northamerica-northeast1`. */
const REGION_PATTERN = /^[a-z]+(?:-[a-z]+)*[0-9]+$/;

/** Returns true for a well-formed zone name such as `us-central1-a`. */
export function isZoneName(value: string): boolean {
  return ZONE_PATTERN.test(value);
}

/** Returns true for a well-formed region name such as `us-central1`. */
export function isRegionName(value: string): boolean {
  return REGION_PATTERN.test(value);
}

/**
 * Returns the region of a zone (`us-central1-a` gives `us-central1`), or undefined when the
 * value is not a zone name.
 */
export function regionOfZone(zone: string): string | undefined {
  const match = ZONE_PATTERN.exec(zone);
  return match ? match[1] : undefined;
}

/** Returns the supported Parallelstore zones of a region, or an empty list. */
export function parallelstoreZonesOf(region: string): readonly string[] {
  return PARALLELSTORE_ZONES[region] ?? [];
}

/** Returns true when Parallelstore is offered in the zone, per the dated table above. */
export function isParallelstoreZone(zone: string): boolean {
  const region = regionOfZone(zone);
  return region !== undefined && parallelstoreZonesOf(region).includes(zone);
}
