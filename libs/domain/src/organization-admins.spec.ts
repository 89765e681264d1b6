import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CrnBuilder } from './crn';
import { organizationAdministrators } from './organization-admins';

const crn = new CrnBuilder('confluent.cloud');
const ORG = '5f0a7d56-0000-4000-8000-000000000001';
const OTHER = '5f0a7d56-0000-4000-8000-000000000002';

describe('organization administrators', () => {
  it('are the principals bound OrganizationAdmin on the organization', () => {
    const admins = organizationAdministrators(
      [
        { principal: 'User:u-admin', roleName: 'OrganizationAdmin', crnPattern: crn.organization(ORG) },
        { principal: 'User:sa-robot', roleName: 'OrganizationAdmin', crnPattern: crn.organization(ORG) },
        { principal: 'User:u-admin', roleName: 'OrganizationAdmin', crnPattern: crn.organization(ORG) },
      ],
      crn.organization(ORG),
    );
    assert.deepEqual(admins.sort(), ['sa-robot', 'u-admin']);
  });

  it('leave out other roles, narrower scopes, other organizations and malformed patterns', () => {
    const admins = organizationAdministrators(
      [
        { principal: 'User:u-env', roleName: 'EnvironmentAdmin', crnPattern: crn.organization(ORG) },
        { principal: 'User:u-inner', roleName: 'OrganizationAdmin', crnPattern: crn.environment(ORG, 'env-a') },
        { principal: 'User:u-other', roleName: 'OrganizationAdmin', crnPattern: crn.organization(OTHER) },
        { principal: 'User:u-bad', roleName: 'OrganizationAdmin', crnPattern: 'not a crn' },
        { principal: 'Group:g-x', roleName: 'OrganizationAdmin', crnPattern: crn.organization(ORG) },
      ],
      crn.organization(ORG),
    );
    assert.deepEqual(admins, []);
  });
});
