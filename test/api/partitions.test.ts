import { RegionInfo } from 'aws-cdk-lib/region-info';
import { PARTITION_DOMAINS, partitionOfRegion } from '../../lib/api/partitions';

describe('PARTITION_DOMAINS: the domain of each partition', () => {
  test.each(RegionInfo.regions.map((r) => [r.name, r.partition!, r.domainSuffix!]))(
    '%s (%s): %s, as aws-cdk-lib region-info has it', (_region, partition, domain) => {
      expect(PARTITION_DOMAINS[partition]).toBe(domain);
    });

  test('every partition of the table has a region in region-info', () => {
    expect(Object.keys(PARTITION_DOMAINS).sort()).toEqual([...new Set(RegionInfo.regions.map((r) => r.partition!))].sort());
  });
});

describe('partitionOfRegion: the partition of a region by its name', () => {
  test.each(RegionInfo.regions.map((r) => [r.name, r.partition!]))('%s is in %s, as aws-cdk-lib region-info has it', (region, partition) => {
    expect(partitionOfRegion(region)).toBe(partition);
  });

  test('a name no partition takes', () => {
    expect(partitionOfRegion('xx-nowhere-1')).toBeUndefined();
  });
});
