/**
 * Example agencies (test/examples/*.json) evaluated with the shipped rules and the real core. Every expected number was
 * worked out by hand from rules/*.json (see test/examples/WORKED.md for the full computation), not read back from the
 * core. Indicator points are out of 100; dimension score = Σ indicator weight × points (all maxima are 100);
 * contribution = score × dimension weight; total = min(105, baseTotal + bonus).
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidCreditCode } from '../src/agencies/credit-code.js';
import { defaultDirs, Evaluator, loadStandard, type EvaluationResult } from '../src/core/index.js';
import { allExamples, readExample } from './support/standard.js';

const evaluator = new Evaluator(loadStandard(defaultDirs()));
const example = readExample;
const evaluate = (name: string) => {
  const e = example(name);
  return evaluator.evaluate(e.category, e.facts);
};
const dimensions = (r: EvaluationResult) => Object.fromEntries(r.nodes.map((d) => [d.id, { score: d.score, contribution: d.contribution }]));
const points = (r: EvaluationResult) => Object.fromEntries(r.indicators.map((i) => [i.id, i.points]));
const indicator = (r: EvaluationResult, id: string) => r.indicators.find((i) => i.id === id)!;

describe('example agencies', () => {
  it('each example is the API\'s two request bodies: a valid credit code, its category and a class path of Table 1 that belongs to it', () => {
    const classification = JSON.parse(readFileSync(join(defaultDirs().criteriaDir, 'classification.json'), 'utf8')) as {
      categories: { id: string; classes: { id: string; classes: { id: string }[] }[] }[];
    };
    const names = ['comprehensive-centre', 'bank-sme-branch', 'incubator', 'b2b-platform', 'guarantee-company', 'hr-service-firm', 'other-consulting', 'training-institute', 'unrated-county-policy-desk', 'vetoed-factoring', 'not-eligible-it-startup'];
    expect(allExamples().map((e) => e.id)).toEqual([...names].sort());
    expect(new Set(allExamples().map((e) => e.agency.creditCode)).size).toBe(names.length);
    for (const name of names) {
      const e = example(name);
      const second = classification.categories.find((c) => c.id === e.category)?.classes.find((c) => c.id === e.agency.classPath[0]);
      expect([name, second?.classes.some((c) => c.id === e.agency.classPath[1])]).toEqual([name, true]);
      expect(e.description.zh.length * e.description.en.length).toBeGreaterThan(0);
      expect([name, isValidCreditCode(e.agency.creditCode)]).toEqual([name, true]);
      expect(e.submission.period).toBe('2026');
    }
  });

  describe('comprehensive-centre: 市中小企业公共服务中心 (comprehensive)', () => {
    it('total 99.94, grade fiveStar', async () => {
      const r = await evaluate('comprehensive-centre');
      expect(r.category).toBe('comprehensive');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met, multipleServiceKinds met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.2×80 + 0.2×100 + 0.15×100 + 0.2×90 + 0.1×100 + 0.15×100 = 94; ×0.18 = 16.92
        foundation: { score: 94, contribution: 16.92 },
        // needsCommunication = 0.5×95 + 0.5×92 = 93.5; ×0.15 = 14.03
        needsCommunication: { score: 93.5, contribution: 14.03 },
        // execution = 0.4×95.5 + 0.3×86.5 + 0.3×98 = 93.55; ×0.22 = 20.58
        execution: { score: 93.55, contribution: 20.58 },
        // standardization = 0.3×96.5 + 0.35×88.5 + 0.35×100 = 94.93; ×0.15 = 14.24
        standardization: { score: 94.93, contribution: 14.24 },
        // sustainability = 0.25×84 + 0.25×85 + 0.25×89.5 + 0.25×100 = 89.63; ×0.15 = 13.44
        sustainability: { score: 89.63, contribution: 13.44 },
        // impact = 0.5×100 + 0.3×94 + 0.2×100 = 98.2; ×0.15 = 14.73
        impact: { score: 98.2, contribution: 14.73 },
      });
      // 16.92 + 14.03 + 20.58 + 14.24 + 13.44 + 14.73 = 93.94
      expect(r.baseTotal).toBe(93.94);
      // nationalDemonstrationPlatform [tier designation]: 3; provincialDemonstrationPlatform [tier designation]: 2; publicInterestServices: 1; standardsDrafted: 1×3 (cap 2) = 2 (best of the designation tier counts)
      expect(r.bonus.points).toBe(6);
      expect(r.bonus.items.map((i) => i.rule)).toEqual(['bonus.nationalDemonstrationPlatform', 'bonus.publicInterestServices', 'bonus.standardsDrafted']);
      // min(105, 93.94 + 6)
      expect(r.total).toBe(99.94);
      // 90 ≤ total ≤ 105 and no dimension below 60% (weakest dimension 89.63%)
      expect(r.grade).toBe('fiveStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('comprehensive-centre');
      expect(points(r)).toEqual({
        clientScope: 80, // reachProvince 30 + industryBreadth 10×7 (cap 50) = 50 → 80
        clientVolume: 100, // clientsLarge 70 + repeatHigh 30 → 100
        staffSize: 100, // staff100 70 + fullTime50 30 → 100
        financialCondition: 90, // revenue3000 25 + liquidityStrong 25 + cashFlow3 25 + reserveMedium 15 → 90
        operatingYears: 100, // years10 100 → 100
        infrastructure: 100, // crm 25 + onlinePlatform 25 + intelligentCustomerService 10 + facilityMaintenance 40 → 100
        demandResponse: 95, // response2h 30 + channels 5×5 (cap 20) = 20 + accuracy rating 4.5/5×25 = 22.5 + adaptability rating 4.5/5×25 = 22.5 → 95
        serviceCommunication: 92, // problemUnderstanding rating 4.5/5×25 = 22.5 + complaintProcedure 10 + conflictManagement rating 4.5/5×15 = 13.5 + feedbackConfirmation rating 4.5/5×25 = 22.5 + trustBuilding rating 4.5/5×15 = 13.5 + longTermClients 10 → 92
        resourceIntegration: 95.5, // partners 5×85 (cap 25) = 25 + resourceIdentification rating 5/5×10 = 10 + matchmaking100 20 + resourceAllocation rating 4.5/5×15 = 13.5 + synergy rating 4.5/5×30 = 27 → 95.5
        professionalCompetence: 86.5, // certified40 22 + judgement rating 4.5/5×20 = 18 + ethics rating 5/5×20 = 20 + teamwork rating 4.5/5×15 = 13.5 + learningInnovation rating 4/5×10 = 8 + trainingHours 5 → 86.5
        deliveryExecution: 98, // fulfilment99 25 + onTime95 25 + qualityProcedure 10 + iso9001 10 + riskPlan 10 + emergencyHandling rating 4.5/5×20 = 18 → 98
        policyCompliance: 96.5, // complianceFunction 15 + regulatoryKnowledge rating 4.5/5×35 = 31.5 + policyTracking 15 + policyAdaptation rating 5/5×35 = 35 → 96.5
        institutionalSystems: 88.5, // systemCoverage 3×8 (cap 30) = 24 + systemDesign rating 4.5/5×10 = 9 + systemExecution rating 4.5/5×25 = 22.5 + annualReview 15 + strategyAlignment rating 4.5/5×20 = 18 → 88.5
        processStandardization: 100, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 + qualityMonitoring 20 + iso9001 15 → 100
        serviceInnovation: 84, // omnichannel 15 + processInnovation rating 4/5×35 = 28 + newServices 10×3 (cap 20) = 20 + businessModelInnovation rating 3.5/5×30 = 21 → 84
        digitalCapability: 85, // dataManagement 25 + digitalMarketing 15 + mobileChannels 10 + online50 10 + onlinePlatform 10 + aiUseCases 5×3 (cap 25) = 15 → 85
        continuousImprovement: 89.5, // problemIdentification rating 4.5/5×35 = 31.5 + closedLoop 30 + adaptationToChange rating 4/5×35 = 28 → 89.5
        teamBuilding: 100, // jobDescriptions 15 + turnover10 20 + internalCommunication 25 + training40 40 → 100
        clientSatisfaction: 100, // satisfaction95 100 → 100
        serviceValue: 94, // serviceValue rating 4.5/5×60 = 54 + specialisedClients 4×48 (cap 40) = 40 → 94
        honors: 100, // nationalHonours 40×2 (cap 80) = 80 + provincialHonours 20×1 (cap 60) = 20 → 100
      });
      expect(indicator(r, 'clientScope').decidedBy.map((d) => [d.rule, d.points])).toEqual([['clientScope.reachProvince', 30], ['clientScope.industryBreadth', 50]]);
      expect(indicator(r, 'resourceIntegration').decidedBy.map((d) => [d.rule, d.points])).toEqual([['resourceIntegration.partners', 25], ['resourceIntegration.resourceIdentification', 10], ['resourceIntegration.matchmaking100', 20], ['resourceIntegration.resourceAllocation', 13.5], ['resourceIntegration.synergy', 27]]);
      expect(indicator(r, 'honors').decidedBy.map((d) => [d.rule, d.points])).toEqual([['honors.nationalHonours', 80], ['honors.provincialHonours', 20]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual([]);
    });
  });

  describe('bank-sme-branch: 银行普惠金融事业部 (professional)', () => {
    it('total 93.4, grade fiveStar', async () => {
      const r = await evaluate('bank-sme-branch');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×80 + 0.15×100 + 0.1×100 + 0.3×65 + 0.1×100 + 0.2×100 = 86.5; ×0.2 = 17.3
        foundation: { score: 86.5, contribution: 17.3 },
        // needsCommunication = 0.5×95 + 0.5×93.5 = 94.25; ×0.15 = 14.14
        needsCommunication: { score: 94.25, contribution: 14.14 },
        // execution = 0.3×94.5 + 0.35×95.5 + 0.35×98 = 96.08; ×0.2 = 19.22
        execution: { score: 96.08, contribution: 19.22 },
        // standardization = 0.4×96.5 + 0.3×95.5 + 0.3×100 = 97.25; ×0.2 = 19.45
        standardization: { score: 97.25, contribution: 19.45 },
        // sustainability = 0.25×87 + 0.25×95 + 0.25×89.5 + 0.25×100 = 92.88; ×0.1 = 9.29
        sustainability: { score: 92.88, contribution: 9.29 },
        // impact = 0.5×85 + 0.3×94 + 0.2×80 = 86.7; ×0.15 = 13.01
        impact: { score: 86.7, contribution: 13.01 },
      });
      // 17.3 + 14.14 + 19.22 + 19.45 + 9.29 + 13.01 = 92.4
      expect(r.baseTotal).toBe(92.4);
      // standardsDrafted: 1×1 (cap 2) = 1
      expect(r.bonus.points).toBe(1);
      expect(r.bonus.items.map((i) => i.rule)).toEqual(['bonus.standardsDrafted']);
      // min(105, 92.4 + 1)
      expect(r.total).toBe(93.4);
      // 90 ≤ total ≤ 105 and no dimension below 60% (weakest dimension 86.5%)
      expect(r.grade).toBe('fiveStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('bank-sme-branch');
      expect(points(r)).toEqual({
        clientScope: 80, // reachProvince 30 + industryBreadth 10×8 (cap 50) = 50 → 80
        clientVolume: 100, // clientsLarge 70 + repeatHigh 30 → 100
        staffSize: 100, // staff100 70 + fullTime50 30 → 100
        financialCondition: 65, // revenue3000 25 + cashFlow3 25 + reserveMedium 15 → 65
        operatingYears: 100, // years10 100 → 100
        infrastructure: 100, // crm 25 + onlinePlatform 25 + intelligentCustomerService 10 + facilityMaintenance 40 → 100
        demandResponse: 95, // response2h 30 + channels 5×6 (cap 20) = 20 + accuracy rating 4.5/5×25 = 22.5 + adaptability rating 4.5/5×25 = 22.5 → 95
        serviceCommunication: 93.5, // problemUnderstanding rating 4.5/5×25 = 22.5 + complaintProcedure 10 + conflictManagement rating 4.5/5×15 = 13.5 + feedbackConfirmation rating 4.5/5×25 = 22.5 + trustBuilding rating 5/5×15 = 15 + longTermClients 10 → 93.5
        resourceIntegration: 94.5, // partners 5×20 (cap 25) = 25 + resourceIdentification rating 4.5/5×10 = 9 + matchmaking100 20 + resourceAllocation rating 4.5/5×15 = 13.5 + synergy rating 4.5/5×30 = 27 → 94.5
        professionalCompetence: 95.5, // certified60 30 + judgement rating 4.5/5×20 = 18 + ethics rating 5/5×20 = 20 + teamwork rating 4.5/5×15 = 13.5 + learningInnovation rating 4.5/5×10 = 9 + trainingHours 5 → 95.5
        deliveryExecution: 98, // fulfilment99 25 + onTime95 25 + qualityProcedure 10 + iso9001 10 + riskPlan 10 + emergencyHandling rating 4.5/5×20 = 18 → 98
        policyCompliance: 96.5, // complianceFunction 15 + regulatoryKnowledge rating 5/5×35 = 35 + policyTracking 15 + policyAdaptation rating 4.5/5×35 = 31.5 → 96.5
        institutionalSystems: 95.5, // systemCoverage 3×10 (cap 30) = 30 + systemDesign rating 5/5×10 = 10 + systemExecution rating 4.5/5×25 = 22.5 + annualReview 15 + strategyAlignment rating 4.5/5×20 = 18 → 95.5
        processStandardization: 100, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 + qualityMonitoring 20 + iso9001 15 → 100
        serviceInnovation: 87, // omnichannel 15 + processInnovation rating 4/5×35 = 28 + newServices 10×5 (cap 20) = 20 + businessModelInnovation rating 4/5×30 = 24 → 87
        digitalCapability: 95, // dataManagement 25 + digitalMarketing 15 + mobileChannels 10 + online80 15 + onlinePlatform 10 + aiUseCases 5×4 (cap 25) = 20 → 95
        continuousImprovement: 89.5, // problemIdentification rating 4.5/5×35 = 31.5 + closedLoop 30 + adaptationToChange rating 4/5×35 = 28 → 89.5
        teamBuilding: 100, // jobDescriptions 15 + turnover10 20 + internalCommunication 25 + training40 40 → 100
        clientSatisfaction: 85, // satisfaction90 85 → 85
        serviceValue: 94, // serviceValue rating 4.5/5×60 = 54 + specialisedClients 4×15 (cap 40) = 40 → 94
        honors: 80, // nationalHonours 40×1 (cap 80) = 40 + provincialHonours 20×2 (cap 60) = 40 → 80
      });
      expect(indicator(r, 'financialCondition').decidedBy.map((d) => [d.rule, d.points])).toEqual([['financialCondition.revenue3000', 25], ['financialCondition.cashFlow3', 25], ['financialCondition.reserveMedium', 15]]);
      expect(indicator(r, 'demandResponse').decidedBy.map((d) => [d.rule, d.points])).toEqual([['demandResponse.response2h', 30], ['demandResponse.channels', 20], ['demandResponse.accuracy', 22.5], ['demandResponse.adaptability', 22.5]]);
      expect(indicator(r, 'digitalCapability').decidedBy.map((d) => [d.rule, d.points])).toEqual([['digitalCapability.dataManagement', 25], ['digitalCapability.digitalMarketing', 15], ['digitalCapability.mobileChannels', 10], ['digitalCapability.online80', 15], ['digitalCapability.onlinePlatform', 10], ['digitalCapability.aiUseCases', 20]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['currentRatio', 'publicInterestServiceShare']);
    });
  });

  describe('incubator: 国家级科技企业孵化器 (professional)', () => {
    it('total 97.19, grade fourStar', async () => {
      const r = await evaluate('incubator');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×80 + 0.15×100 + 0.1×85 + 0.3×100 + 0.1×100 + 0.2×90 = 93.5; ×0.2 = 18.7
        foundation: { score: 93.5, contribution: 18.7 },
        // needsCommunication = 0.5×100 + 0.5×98.5 = 99.25; ×0.15 = 14.89
        needsCommunication: { score: 99.25, contribution: 14.89 },
        // execution = 0.3×100 + 0.35×94 + 0.35×100 = 97.9; ×0.2 = 19.58
        execution: { score: 97.9, contribution: 19.58 },
        // standardization = 0.4×100 + 0.3×100 + 0.3×100 = 100; ×0.2 = 20
        standardization: { score: 100, contribution: 20 },
        // sustainability = 0.25×59 + 0.25×15 + 0.25×49 + 0.25×78 = 50.25; ×0.1 = 5.03
        sustainability: { score: 50.25, contribution: 5.03 },
        // impact = 0.5×100 + 0.3×100 + 0.2×100 = 100; ×0.15 = 15
        impact: { score: 100, contribution: 15 },
      });
      // 18.7 + 14.89 + 19.58 + 20 + 5.03 + 15 = 93.19
      expect(r.baseTotal).toBe(93.19);
      // nationalDemonstrationPlatform [tier designation]: 3; provincialDemonstrationPlatform [tier designation]: 2; publicInterestServices: 1 (best of the designation tier counts)
      expect(r.bonus.points).toBe(4);
      expect(r.bonus.items.map((i) => i.rule)).toEqual(['bonus.nationalDemonstrationPlatform', 'bonus.publicInterestServices']);
      // min(105, 93.19 + 4)
      expect(r.total).toBe(97.19);
      // total 97.19 ≥ 90 but the weakest dimension is 50.25% < 60% → not fiveStar; next band fourStar (≥ 80)
      expect(r.grade).toBe('fourStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('incubator');
      expect(points(r)).toEqual({
        clientScope: 80, // reachProvince 30 + industryBreadth 10×5 (cap 50) = 50 → 80
        clientVolume: 100, // clientsLarge 70 + repeatHigh 30 → 100
        staffSize: 85, // staff50 55 + fullTime50 30 → 85
        financialCondition: 100, // revenue3000 25 + liquidityStrong 25 + cashFlow3 25 + reserveHigh 25 → 100
        operatingYears: 100, // years10 100 → 100
        infrastructure: 90, // crm 25 + onlinePlatform 25 + facilityMaintenance 40 → 90
        demandResponse: 100, // response2h 30 + channels 5×4 (cap 20) = 20 + accuracy rating 5/5×25 = 25 + adaptability rating 5/5×25 = 25 → 100
        serviceCommunication: 98.5, // problemUnderstanding rating 5/5×25 = 25 + complaintProcedure 10 + conflictManagement rating 4.5/5×15 = 13.5 + feedbackConfirmation rating 5/5×25 = 25 + trustBuilding rating 5/5×15 = 15 + longTermClients 10 → 98.5
        resourceIntegration: 100, // partners 5×38 (cap 25) = 25 + resourceIdentification rating 5/5×10 = 10 + matchmaking100 20 + resourceAllocation rating 5/5×15 = 15 + synergy rating 5/5×30 = 30 → 100
        professionalCompetence: 94, // certified60 30 + judgement rating 5/5×20 = 20 + ethics rating 5/5×20 = 20 + teamwork rating 5/5×15 = 15 + learningInnovation rating 4.5/5×10 = 9 → 94
        deliveryExecution: 100, // fulfilment99 25 + onTime95 25 + qualityProcedure 10 + iso9001 10 + riskPlan 10 + emergencyHandling rating 5/5×20 = 20 → 100
        policyCompliance: 100, // complianceFunction 15 + regulatoryKnowledge rating 5/5×35 = 35 + policyTracking 15 + policyAdaptation rating 5/5×35 = 35 → 100
        institutionalSystems: 100, // systemCoverage 3×10 (cap 30) = 30 + systemDesign rating 5/5×10 = 10 + systemExecution rating 5/5×25 = 25 + annualReview 15 + strategyAlignment rating 5/5×20 = 20 → 100
        processStandardization: 100, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 + qualityMonitoring 20 + iso9001 15 → 100
        serviceInnovation: 59, // processInnovation rating 3/5×35 = 21 + newServices 10×2 (cap 20) = 20 + businessModelInnovation rating 3/5×30 = 18 → 59
        digitalCapability: 15, // online20 5 + onlinePlatform 10 → 15
        continuousImprovement: 49, // problemIdentification rating 3.5/5×35 = 24.5 + adaptationToChange rating 3.5/5×35 = 24.5 → 49
        teamBuilding: 78, // jobDescriptions 15 + turnover20 10 + internalCommunication 25 + training24 28 → 78
        clientSatisfaction: 100, // satisfaction95 100 → 100
        serviceValue: 100, // serviceValue rating 5/5×60 = 60 + specialisedClients 4×12 (cap 40) = 40 → 100
        honors: 100, // nationalHonours 40×2 (cap 80) = 80 + provincialHonours 20×1 (cap 60) = 20 + localHonours 5×1 (cap 20) = 5 = 105, capped at 100 → 100
      });
      expect(indicator(r, 'teamBuilding').decidedBy.map((d) => [d.rule, d.points])).toEqual([['teamBuilding.jobDescriptions', 15], ['teamBuilding.turnover20', 10], ['teamBuilding.internalCommunication', 25], ['teamBuilding.training24', 28]]);
      expect(indicator(r, 'digitalCapability').decidedBy.map((d) => [d.rule, d.points])).toEqual([['digitalCapability.online20', 5], ['digitalCapability.onlinePlatform', 10]]);
      expect(indicator(r, 'honors').decidedBy.map((d) => [d.rule, d.points])).toEqual([['honors.nationalHonours', 80], ['honors.provincialHonours', 20], ['honors.localHonours', 5]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['aiUseCases', 'standardsDrafted']);
    });
  });

  describe('b2b-platform: 工业品B2B交易平台 (platform)', () => {
    it('total 85.32, grade fourStar', async () => {
      const r = await evaluate('b2b-platform');
      expect(r.category).toBe('platform');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×90 + 0.2×100 + 0.15×100 + 0.2×73 + 0.1×80 + 0.2×100 = 91.1; ×0.15 = 13.67
        foundation: { score: 91.1, contribution: 13.67 },
        // needsCommunication = 0.5×90 + 0.5×82.5 = 86.25; ×0.15 = 12.94
        needsCommunication: { score: 86.25, contribution: 12.94 },
        // execution = 0.3×90 + 0.35×65 + 0.35×72 = 74.95; ×0.15 = 11.24
        execution: { score: 74.95, contribution: 11.24 },
        // standardization = 0.3×79 + 0.35×80.5 + 0.35×85 = 81.63; ×0.15 = 12.24
        standardization: { score: 81.63, contribution: 12.24 },
        // sustainability = 0.25×93.5 + 0.4×100 + 0.2×93 + 0.15×78 = 93.68; ×0.25 = 23.42
        sustainability: { score: 93.68, contribution: 23.42 },
        // impact = 0.5×70 + 0.3×88 + 0.2×20 = 65.4; ×0.15 = 9.81
        impact: { score: 65.4, contribution: 9.81 },
      });
      // 13.67 + 12.94 + 11.24 + 12.24 + 23.42 + 9.81 = 83.32
      expect(r.baseTotal).toBe(83.32);
      // provincialDemonstrationPlatform [tier designation]: 2
      expect(r.bonus.points).toBe(2);
      expect(r.bonus.items.map((i) => i.rule)).toEqual(['bonus.provincialDemonstrationPlatform']);
      // min(105, 83.32 + 2)
      expect(r.total).toBe(85.32);
      // 80 ≤ total < 90
      expect(r.grade).toBe('fourStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('b2b-platform');
      expect(points(r)).toEqual({
        clientScope: 90, // reachNational 40 + industryBreadth 10×6 (cap 50) = 50 → 90
        clientVolume: 100, // clientsLarge 70 + repeatHigh 30 → 100
        staffSize: 100, // staff100 70 + fullTime50 30 → 100
        financialCondition: 73, // revenue3000 25 + liquidityGood 18 + cashFlow2 15 + reserveMedium 15 → 73
        operatingYears: 80, // years6 80 → 80
        infrastructure: 100, // crm 25 + onlinePlatform 25 + intelligentCustomerService 10 + facilityMaintenance 40 → 100
        demandResponse: 90, // response2h 30 + channels 5×5 (cap 20) = 20 + accuracy rating 4/5×25 = 20 + adaptability rating 4/5×25 = 20 → 90
        serviceCommunication: 82.5, // problemUnderstanding rating 4/5×25 = 20 + complaintProcedure 10 + conflictManagement rating 3.5/5×15 = 10.5 + feedbackConfirmation rating 4/5×25 = 20 + trustBuilding rating 4/5×15 = 12 + longTermClients 10 → 82.5
        resourceIntegration: 90, // partners 5×30 (cap 25) = 25 + resourceIdentification rating 4.5/5×10 = 9 + matchmaking100 20 + resourceAllocation rating 4/5×15 = 12 + synergy rating 4/5×30 = 24 → 90
        professionalCompetence: 65, // certified20 12 + judgement rating 4/5×20 = 16 + ethics rating 4/5×20 = 16 + teamwork rating 4/5×15 = 12 + learningInnovation rating 4.5/5×10 = 9 → 65
        deliveryExecution: 72, // fulfilment95 18 + onTime90 18 + qualityProcedure 10 + riskPlan 10 + emergencyHandling rating 4/5×20 = 16 → 72
        policyCompliance: 79, // complianceFunction 15 + regulatoryKnowledge rating 3.5/5×35 = 24.5 + policyTracking 15 + policyAdaptation rating 3.5/5×35 = 24.5 → 79
        institutionalSystems: 80.5, // systemCoverage 3×8 (cap 30) = 24 + systemDesign rating 4/5×10 = 8 + systemExecution rating 3.5/5×25 = 17.5 + annualReview 15 + strategyAlignment rating 4/5×20 = 16 → 80.5
        processStandardization: 85, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 + qualityMonitoring 20 → 85
        serviceInnovation: 93.5, // omnichannel 15 + processInnovation rating 4.5/5×35 = 31.5 + newServices 10×4 (cap 20) = 20 + businessModelInnovation rating 4.5/5×30 = 27 → 93.5
        digitalCapability: 100, // dataManagement 25 + digitalMarketing 15 + mobileChannels 10 + online80 15 + onlinePlatform 10 + aiUseCases 5×5 (cap 25) = 25 → 100
        continuousImprovement: 93, // problemIdentification rating 4.5/5×35 = 31.5 + closedLoop 30 + adaptationToChange rating 4.5/5×35 = 31.5 → 93
        teamBuilding: 78, // jobDescriptions 15 + turnover20 10 + internalCommunication 25 + training24 28 → 78
        clientSatisfaction: 70, // satisfaction85 70 → 70
        serviceValue: 88, // serviceValue rating 4/5×60 = 48 + specialisedClients 4×30 (cap 40) = 40 → 88
        honors: 20, // provincialHonours 20×1 (cap 60) = 20 → 20
      });
      expect(indicator(r, 'clientVolume').decidedBy.map((d) => [d.rule, d.points])).toEqual([['clientVolume.clientsLarge', 70], ['clientVolume.repeatHigh', 30]]);
      expect(indicator(r, 'digitalCapability').decidedBy.map((d) => [d.rule, d.points])).toEqual([['digitalCapability.dataManagement', 25], ['digitalCapability.digitalMarketing', 15], ['digitalCapability.mobileChannels', 10], ['digitalCapability.online80', 15], ['digitalCapability.onlinePlatform', 10], ['digitalCapability.aiUseCases', 25]]);
      expect(indicator(r, 'deliveryExecution').decidedBy.map((d) => [d.rule, d.points])).toEqual([['deliveryExecution.fulfilment95', 18], ['deliveryExecution.onTime90', 18], ['deliveryExecution.qualityProcedure', 10], ['deliveryExecution.riskPlan', 10], ['deliveryExecution.emergencyHandling', 16]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['publicInterestServiceShare', 'standardsDrafted']);
    });
  });

  describe('guarantee-company: 某市融资担保有限公司 (professional)', () => {
    it('total 82.4, grade fourStar', async () => {
      const r = await evaluate('guarantee-company');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×65 + 0.15×70 + 0.1×85 + 0.3×100 + 0.1×100 + 0.2×90 = 86.75; ×0.2 = 17.35
        foundation: { score: 86.75, contribution: 17.35 },
        // needsCommunication = 0.5×79.5 + 0.5×82.5 = 81; ×0.15 = 12.15
        needsCommunication: { score: 81, contribution: 12.15 },
        // execution = 0.3×86 + 0.35×76 + 0.35×89 = 83.55; ×0.2 = 16.71
        execution: { score: 83.55, contribution: 16.71 },
        // standardization = 0.4×89.5 + 0.3×77 + 0.3×100 = 88.9; ×0.2 = 17.78
        standardization: { score: 88.9, contribution: 17.78 },
        // sustainability = 0.25×62.5 + 0.25×60 + 0.25×79 + 0.25×88 = 72.38; ×0.1 = 7.24
        sustainability: { score: 72.38, contribution: 7.24 },
        // impact = 0.5×85 + 0.3×90 + 0.2×25 = 74.5; ×0.15 = 11.18
        impact: { score: 74.5, contribution: 11.18 },
      });
      // 17.35 + 12.15 + 16.71 + 17.78 + 7.24 + 11.18 = 82.4
      expect(r.baseTotal).toBe(82.4);
      // no bonus item matches
      expect(r.bonus.points).toBe(0);
      expect(r.bonus.items.map((i) => i.rule)).toEqual([]);
      // min(105, 82.4 + 0)
      expect(r.total).toBe(82.4);
      // 80 ≤ total < 90
      expect(r.grade).toBe('fourStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('guarantee-company');
      expect(points(r)).toEqual({
        clientScope: 65, // reachLocal 15 + industryBreadth 10×5 (cap 50) = 50 → 65
        clientVolume: 70, // clientsMedium 50 + repeatMedium 20 → 70
        staffSize: 85, // staff50 55 + fullTime50 30 → 85
        financialCondition: 100, // revenue3000 25 + liquidityStrong 25 + cashFlow3 25 + reserveHigh 25 → 100
        operatingYears: 100, // years10 100 → 100
        infrastructure: 90, // crm 25 + onlinePlatform 25 + facilityMaintenance 40 → 90
        demandResponse: 79.5, // response24h 22 + channels 5×4 (cap 20) = 20 + accuracy rating 4/5×25 = 20 + adaptability rating 3.5/5×25 = 17.5 → 79.5
        serviceCommunication: 82.5, // problemUnderstanding rating 4/5×25 = 20 + complaintProcedure 10 + conflictManagement rating 3.5/5×15 = 10.5 + feedbackConfirmation rating 4/5×25 = 20 + trustBuilding rating 4/5×15 = 12 + longTermClients 10 → 82.5
        resourceIntegration: 86, // partners 5×12 (cap 25) = 25 + resourceIdentification rating 4/5×10 = 8 + matchmaking100 20 + resourceAllocation rating 4/5×15 = 12 + synergy rating 3.5/5×30 = 21 → 86
        professionalCompetence: 76, // certified40 22 + judgement rating 4.5/5×20 = 18 + ethics rating 4.5/5×20 = 18 + teamwork rating 4/5×15 = 12 + learningInnovation rating 3/5×10 = 6 → 76
        deliveryExecution: 89, // fulfilment95 18 + onTime95 25 + qualityProcedure 10 + iso9001 10 + riskPlan 10 + emergencyHandling rating 4/5×20 = 16 → 89
        policyCompliance: 89.5, // complianceFunction 15 + regulatoryKnowledge rating 4.5/5×35 = 31.5 + policyTracking 15 + policyAdaptation rating 4/5×35 = 28 → 89.5
        institutionalSystems: 77, // systemCoverage 3×6 (cap 30) = 18 + systemDesign rating 4/5×10 = 8 + systemExecution rating 4/5×25 = 20 + annualReview 15 + strategyAlignment rating 4/5×20 = 16 → 77
        processStandardization: 100, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 + qualityMonitoring 20 + iso9001 15 → 100
        serviceInnovation: 62.5, // processInnovation rating 3.5/5×35 = 24.5 + newServices 10×2 (cap 20) = 20 + businessModelInnovation rating 3/5×30 = 18 → 62.5
        digitalCapability: 60, // dataManagement 25 + digitalMarketing 15 + online20 5 + onlinePlatform 10 + aiUseCases 5×1 (cap 25) = 5 → 60
        continuousImprovement: 79, // problemIdentification rating 3.5/5×35 = 24.5 + closedLoop 30 + adaptationToChange rating 3.5/5×35 = 24.5 → 79
        teamBuilding: 88, // jobDescriptions 15 + turnover10 20 + internalCommunication 25 + training24 28 → 88
        clientSatisfaction: 85, // satisfaction90 85 → 85
        serviceValue: 90, // serviceValue rating 4.5/5×60 = 54 + specialisedClients 4×9 (cap 40) = 36 → 90
        honors: 25, // provincialHonours 20×1 (cap 60) = 20 + localHonours 5×1 (cap 20) = 5 → 25
      });
      expect(indicator(r, 'staffSize').decidedBy.map((d) => [d.rule, d.points])).toEqual([['staffSize.staff50', 55], ['staffSize.fullTime50', 30]]);
      expect(indicator(r, 'financialCondition').decidedBy.map((d) => [d.rule, d.points])).toEqual([['financialCondition.revenue3000', 25], ['financialCondition.liquidityStrong', 25], ['financialCondition.cashFlow3', 25], ['financialCondition.reserveHigh', 25]]);
      expect(indicator(r, 'policyCompliance').decidedBy.map((d) => [d.rule, d.points])).toEqual([['policyCompliance.complianceFunction', 15], ['policyCompliance.regulatoryKnowledge', 31.5], ['policyCompliance.policyTracking', 15], ['policyCompliance.policyAdaptation', 28]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['publicInterestServiceShare', 'standardsDrafted']);
    });
  });

  describe('hr-service-firm: 人力资源服务有限公司 (professional)', () => {
    it('total 70.55, grade threeStar', async () => {
      const r = await evaluate('hr-service-firm');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×65 + 0.15×100 + 0.1×85 + 0.3×40 + 0.1×80 + 0.2×65 = 66.25; ×0.2 = 13.25
        foundation: { score: 66.25, contribution: 13.25 },
        // needsCommunication = 0.5×77 + 0.5×82.5 = 79.75; ×0.15 = 11.96
        needsCommunication: { score: 79.75, contribution: 11.96 },
        // execution = 0.3×72.5 + 0.35×62 + 0.35×70 = 67.95; ×0.2 = 13.59
        execution: { score: 67.95, contribution: 13.59 },
        // standardization = 0.4×86 + 0.3×65.5 + 0.3×85 = 79.55; ×0.2 = 15.91
        standardization: { score: 79.55, contribution: 15.91 },
        // sustainability = 0.25×49 + 0.25×50 + 0.25×79 + 0.25×78 = 64; ×0.1 = 6.4
        sustainability: { score: 64, contribution: 6.4 },
        // impact = 0.5×85 + 0.3×68 + 0.2×0 = 62.9; ×0.15 = 9.44
        impact: { score: 62.9, contribution: 9.44 },
      });
      // 13.25 + 11.96 + 13.59 + 15.91 + 6.4 + 9.44 = 70.55
      expect(r.baseTotal).toBe(70.55);
      // no bonus item matches
      expect(r.bonus.points).toBe(0);
      expect(r.bonus.items.map((i) => i.rule)).toEqual([]);
      // min(105, 70.55 + 0)
      expect(r.total).toBe(70.55);
      // 70 ≤ total < 80
      expect(r.grade).toBe('threeStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('hr-service-firm');
      expect(points(r)).toEqual({
        clientScope: 65, // reachLocal 15 + industryBreadth 10×5 (cap 50) = 50 → 65
        clientVolume: 100, // clientsLarge 70 + repeatHigh 30 → 100
        staffSize: 85, // staff50 55 + fullTime50 30 → 85
        financialCondition: 40, // revenue3000 25 + cashFlow2 15 → 40
        operatingYears: 80, // years6 80 → 80
        infrastructure: 65, // crm 25 + facilityMaintenance 40 → 65
        demandResponse: 77, // response24h 22 + channels 5×3 (cap 20) = 15 + accuracy rating 4/5×25 = 20 + adaptability rating 4/5×25 = 20 → 77
        serviceCommunication: 82.5, // problemUnderstanding rating 4/5×25 = 20 + complaintProcedure 10 + conflictManagement rating 3.5/5×15 = 10.5 + feedbackConfirmation rating 4/5×25 = 20 + trustBuilding rating 4/5×15 = 12 + longTermClients 10 → 82.5
        resourceIntegration: 72.5, // partners 5×4 (cap 25) = 20 + resourceIdentification rating 3.5/5×10 = 7 + matchmaking30 14 + resourceAllocation rating 3.5/5×15 = 10.5 + synergy rating 3.5/5×30 = 21 → 72.5
        professionalCompetence: 62, // certified20 12 + judgement rating 4/5×20 = 16 + ethics rating 4/5×20 = 16 + teamwork rating 4/5×15 = 12 + learningInnovation rating 3/5×10 = 6 → 62
        deliveryExecution: 70, // fulfilment95 18 + onTime90 18 + qualityProcedure 10 + riskPlan 10 + emergencyHandling rating 3.5/5×20 = 14 → 70
        policyCompliance: 86, // complianceFunction 15 + regulatoryKnowledge rating 4/5×35 = 28 + policyTracking 15 + policyAdaptation rating 4/5×35 = 28 → 86
        institutionalSystems: 65.5, // systemCoverage 3×4 (cap 30) = 12 + systemDesign rating 3.5/5×10 = 7 + systemExecution rating 3.5/5×25 = 17.5 + annualReview 15 + strategyAlignment rating 3.5/5×20 = 14 → 65.5
        processStandardization: 85, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 + qualityMonitoring 20 → 85
        serviceInnovation: 49, // processInnovation rating 3/5×35 = 21 + newServices 10×1 (cap 20) = 10 + businessModelInnovation rating 3/5×30 = 18 → 49
        digitalCapability: 50, // dataManagement 25 + digitalMarketing 15 + online20 5 + aiUseCases 5×1 (cap 25) = 5 → 50
        continuousImprovement: 79, // problemIdentification rating 3.5/5×35 = 24.5 + closedLoop 30 + adaptationToChange rating 3.5/5×35 = 24.5 → 79
        teamBuilding: 78, // jobDescriptions 15 + turnover20 10 + internalCommunication 25 + training24 28 → 78
        clientSatisfaction: 85, // satisfaction90 85 → 85
        serviceValue: 68, // serviceValue rating 4/5×60 = 48 + specialisedClients 4×5 (cap 40) = 20 → 68
        honors: 0, // no rule matches → 0
      });
      expect(indicator(r, 'financialCondition').decidedBy.map((d) => [d.rule, d.points])).toEqual([['financialCondition.revenue3000', 25], ['financialCondition.cashFlow2', 15]]);
      expect(indicator(r, 'honors').decidedBy.map((d) => [d.rule, d.points])).toEqual([]);
      expect(indicator(r, 'clientVolume').decidedBy.map((d) => [d.rule, d.points])).toEqual([['clientVolume.clientsLarge', 70], ['clientVolume.repeatHigh', 30]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['currentRatio', 'honours', 'publicInterestServiceShare', 'specialisedSmeServiceDesignation', 'standardsDrafted', 'strategicReserveRatio']);
    });
  });

  describe('other-consulting: 小型企业咨询服务有限公司 (other)', () => {
    it('total 61.36, grade twoStar', async () => {
      const r = await evaluate('other-consulting');
      expect(r.category).toBe('other');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×45 + 0.2×80 + 0.15×60 + 0.2×73 + 0.1×60 + 0.2×90 = 70.35; ×0.2 = 14.07
        foundation: { score: 70.35, contribution: 14.07 },
        // needsCommunication = 0.5×77 + 0.5×84 = 80.5; ×0.15 = 12.08
        needsCommunication: { score: 80.5, contribution: 12.08 },
        // execution = 0.3×59.5 + 0.35×72 + 0.35×58 = 63.35; ×0.2 = 12.67
        execution: { score: 63.35, contribution: 12.67 },
        // standardization = 0.3×86 + 0.35×62.5 + 0.35×85 = 77.43; ×0.15 = 11.61
        standardization: { score: 77.43, contribution: 11.61 },
        // sustainability = 0.25×49.5 + 0.25×30 + 0.25×79 + 0.25×62 = 55.13; ×0.15 = 8.27
        sustainability: { score: 55.13, contribution: 8.27 },
        // impact = 0.6×0 + 0.25×68 + 0.15×5 = 17.75; ×0.15 = 2.66
        impact: { score: 17.75, contribution: 2.66 },
      });
      // 14.07 + 12.08 + 12.67 + 11.61 + 8.27 + 2.66 = 61.36
      expect(r.baseTotal).toBe(61.36);
      // no bonus item matches
      expect(r.bonus.points).toBe(0);
      expect(r.bonus.items.map((i) => i.rule)).toEqual([]);
      // min(105, 61.36 + 0)
      expect(r.total).toBe(61.36);
      // 60 ≤ total < 70
      expect(r.grade).toBe('twoStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('other-consulting');
      expect(points(r)).toEqual({
        clientScope: 45, // reachLocal 15 + industryBreadth 10×3 (cap 50) = 30 → 45
        clientVolume: 80, // clientsMedium 50 + repeatHigh 30 → 80
        staffSize: 60, // staff20 40 + fullTime20 20 → 60
        financialCondition: 73, // revenue500 15 + liquidityGood 18 + cashFlow3 25 + reserveMedium 15 → 73
        operatingYears: 60, // years4 60 → 60
        infrastructure: 90, // crm 25 + onlinePlatform 25 + facilityMaintenance 40 → 90
        demandResponse: 77, // response24h 22 + channels 5×3 (cap 20) = 15 + accuracy rating 4/5×25 = 20 + adaptability rating 4/5×25 = 20 → 77
        serviceCommunication: 84, // problemUnderstanding rating 4/5×25 = 20 + complaintProcedure 10 + conflictManagement rating 3.5/5×15 = 10.5 + feedbackConfirmation rating 4/5×25 = 20 + trustBuilding rating 4.5/5×15 = 13.5 + longTermClients 10 → 84
        resourceIntegration: 59.5, // partners 5×3 (cap 25) = 15 + resourceIdentification rating 3/5×10 = 6 + matchmaking10 7 + resourceAllocation rating 3.5/5×15 = 10.5 + synergy rating 3.5/5×30 = 21 → 59.5
        professionalCompetence: 72, // certified40 22 + judgement rating 3.5/5×20 = 14 + ethics rating 4.5/5×20 = 18 + teamwork rating 4/5×15 = 12 + learningInnovation rating 3/5×10 = 6 → 72
        deliveryExecution: 58, // fulfilment95 18 + onTime90 18 + qualityProcedure 10 + emergencyHandling rating 3/5×20 = 12 → 58
        policyCompliance: 86, // complianceFunction 15 + regulatoryKnowledge rating 4/5×35 = 28 + policyTracking 15 + policyAdaptation rating 4/5×35 = 28 → 86
        institutionalSystems: 62.5, // systemCoverage 3×3 (cap 30) = 9 + systemDesign rating 3.5/5×10 = 7 + systemExecution rating 3.5/5×25 = 17.5 + annualReview 15 + strategyAlignment rating 3.5/5×20 = 14 → 62.5
        processStandardization: 85, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 + qualityMonitoring 20 → 85
        serviceInnovation: 49.5, // processInnovation rating 3.5/5×35 = 24.5 + newServices 10×1 (cap 20) = 10 + businessModelInnovation rating 2.5/5×30 = 15 → 49.5
        digitalCapability: 30, // digitalMarketing 15 + online20 5 + onlinePlatform 10 → 30
        continuousImprovement: 79, // problemIdentification rating 3.5/5×35 = 24.5 + closedLoop 30 + adaptationToChange rating 3.5/5×35 = 24.5 → 79
        teamBuilding: 62, // jobDescriptions 15 + turnover20 10 + internalCommunication 25 + training8 12 → 62
        clientSatisfaction: 0, // no rule matches → 0
        serviceValue: 68, // serviceValue rating 4/5×60 = 48 + specialisedClients 4×5 (cap 40) = 20 → 68
        honors: 5, // localHonours 5×1 (cap 20) = 5 → 5
      });
      expect(indicator(r, 'clientSatisfaction').decidedBy.map((d) => [d.rule, d.points])).toEqual([]);
      expect(indicator(r, 'clientScope').decidedBy.map((d) => [d.rule, d.points])).toEqual([['clientScope.reachLocal', 15], ['clientScope.industryBreadth', 30]]);
      expect(indicator(r, 'processStandardization').decidedBy.map((d) => [d.rule, d.points])).toEqual([['processStandardization.writtenProcesses', 30], ['processStandardization.operatingManuals', 20], ['processStandardization.feeSchedule', 15], ['processStandardization.qualityMonitoring', 20]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['aiUseCases', 'clientSatisfactionScore', 'iso9001Certified', 'publicInterestServiceShare', 'specialisedSmeServiceDesignation', 'standardsDrafted']);
    });
  });

  describe('training-institute: 企业管理培训机构 (professional)', () => {
    it('total 52.13, grade oneStar', async () => {
      const r = await evaluate('training-institute');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×55 + 0.15×60 + 0.1×30 + 0.3×48 + 0.1×60 + 0.2×40 = 48.65; ×0.2 = 9.73
        foundation: { score: 48.65, contribution: 9.73 },
        // needsCommunication = 0.5×67 + 0.5×64.5 = 65.75; ×0.15 = 9.86
        needsCommunication: { score: 65.75, contribution: 9.86 },
        // execution = 0.3×37.5 + 0.35×59 + 0.35×50 = 49.4; ×0.2 = 9.88
        execution: { score: 49.4, contribution: 9.88 },
        // standardization = 0.4×57 + 0.3×42 + 0.3×65 = 54.9; ×0.2 = 10.98
        standardization: { score: 54.9, contribution: 10.98 },
        // sustainability = 0.25×52.5 + 0.25×15 + 0.25×45.5 + 0.25×52 = 41.25; ×0.1 = 4.13
        sustainability: { score: 41.25, contribution: 4.13 },
        // impact = 0.5×55 + 0.3×54 + 0.2×0 = 43.7; ×0.15 = 6.56
        impact: { score: 43.7, contribution: 6.56 },
      });
      // 9.73 + 9.86 + 9.88 + 10.98 + 4.13 + 6.56 = 51.13
      expect(r.baseTotal).toBe(51.13);
      // publicInterestServices: 1
      expect(r.bonus.points).toBe(1);
      expect(r.bonus.items.map((i) => i.rule)).toEqual(['bonus.publicInterestServices']);
      // min(105, 51.13 + 1)
      expect(r.total).toBe(52.13);
      // 50 ≤ total < 60
      expect(r.grade).toBe('oneStar');
      expect(r.passing).toBe(true);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('training-institute');
      expect(points(r)).toEqual({
        clientScope: 55, // reachLocal 15 + industryBreadth 10×4 (cap 50) = 40 → 55
        clientVolume: 60, // clientsMedium 50 + repeatLow 10 → 60
        staffSize: 30, // staff5 20 + fullTime5 10 → 30
        financialCondition: 48, // revenue100 5 + liquidityGood 18 + cashFlow3 25 → 48
        operatingYears: 60, // years4 60 → 60
        infrastructure: 40, // facilityMaintenance 40 → 40
        demandResponse: 67, // response24h 22 + channels 5×2 (cap 20) = 10 + accuracy rating 3.5/5×25 = 17.5 + adaptability rating 3.5/5×25 = 17.5 → 67
        serviceCommunication: 64.5, // problemUnderstanding rating 3.5/5×25 = 17.5 + complaintProcedure 10 + conflictManagement rating 3/5×15 = 9 + feedbackConfirmation rating 3.5/5×25 = 17.5 + trustBuilding rating 3.5/5×15 = 10.5 → 64.5
        resourceIntegration: 37.5, // partners 5×2 (cap 25) = 10 + resourceIdentification rating 2.5/5×10 = 5 + resourceAllocation rating 2.5/5×15 = 7.5 + synergy rating 2.5/5×30 = 15 → 37.5
        professionalCompetence: 59, // certified20 12 + judgement rating 3.5/5×20 = 14 + ethics rating 4/5×20 = 16 + teamwork rating 3/5×15 = 9 + learningInnovation rating 4/5×10 = 8 → 59
        deliveryExecution: 50, // fulfilment90 10 + onTime90 18 + qualityProcedure 10 + emergencyHandling rating 3/5×20 = 12 → 50
        policyCompliance: 57, // regulatoryKnowledge rating 3/5×35 = 21 + policyTracking 15 + policyAdaptation rating 3/5×35 = 21 → 57
        institutionalSystems: 42, // systemCoverage 3×3 (cap 30) = 9 + systemDesign rating 3/5×10 = 6 + systemExecution rating 3/5×25 = 15 + strategyAlignment rating 3/5×20 = 12 → 42
        processStandardization: 65, // writtenProcesses 30 + feeSchedule 15 + qualityMonitoring 20 → 65
        serviceInnovation: 52.5, // processInnovation rating 2.5/5×35 = 17.5 + newServices 10×2 (cap 20) = 20 + businessModelInnovation rating 2.5/5×30 = 15 → 52.5
        digitalCapability: 15, // digitalMarketing 15 → 15
        continuousImprovement: 45.5, // problemIdentification rating 3.5/5×35 = 24.5 + adaptationToChange rating 3/5×35 = 21 → 45.5
        teamBuilding: 52, // jobDescriptions 15 + internalCommunication 25 + training8 12 → 52
        clientSatisfaction: 55, // satisfaction80 55 → 55
        serviceValue: 54, // serviceValue rating 3.5/5×60 = 42 + specialisedClients 4×3 (cap 40) = 12 → 54
        honors: 0, // no rule matches → 0
      });
      expect(indicator(r, 'staffSize').decidedBy.map((d) => [d.rule, d.points])).toEqual([['staffSize.staff5', 20], ['staffSize.fullTime5', 10]]);
      expect(indicator(r, 'teamBuilding').decidedBy.map((d) => [d.rule, d.points])).toEqual([['teamBuilding.jobDescriptions', 15], ['teamBuilding.internalCommunication', 25], ['teamBuilding.training8', 12]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['aiUseCases', 'honours', 'specialisedSmeServiceDesignation', 'standardsDrafted', 'strategicReserveRatio']);
    });
  });

  describe('unrated-county-policy-desk: 县级中小企业政策咨询服务站 (professional)', () => {
    it('total 25.4, grade unrated', async () => {
      const r = await evaluate('unrated-county-policy-desk');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×35 + 0.15×30 + 0.1×20 + 0.3×5 + 0.1×40 + 0.2×0 = 17.25; ×0.2 = 3.45
        foundation: { score: 17.25, contribution: 3.45 },
        // needsCommunication = 0.5×47.5 + 0.5×27.5 = 37.5; ×0.15 = 5.63
        needsCommunication: { score: 37.5, contribution: 5.63 },
        // execution = 0.3×9 + 0.35×26 + 0.35×10 = 15.3; ×0.2 = 3.06
        execution: { score: 15.3, contribution: 3.06 },
        // standardization = 0.4×60.5 + 0.3×18.5 + 0.3×30 = 38.75; ×0.2 = 7.75
        standardization: { score: 38.75, contribution: 7.75 },
        // sustainability = 0.25×10.5 + 0.25×0 + 0.25×14 + 0.25×37 = 15.38; ×0.1 = 1.54
        sustainability: { score: 15.38, contribution: 1.54 },
        // impact = 0.5×35 + 0.3×30 + 0.2×0 = 26.5; ×0.15 = 3.98
        impact: { score: 26.5, contribution: 3.98 },
      });
      // 3.45 + 5.63 + 3.06 + 7.75 + 1.54 + 3.98 = 25.4
      expect(r.baseTotal).toBe(25.4);
      // no bonus item matches
      expect(r.bonus.points).toBe(0);
      expect(r.bonus.items.map((i) => i.rule)).toEqual([]);
      // min(105, 25.4 + 0)
      expect(r.total).toBe(25.4);
      // total < 50
      expect(r.grade).toBe('unrated');
      expect(r.passing).toBe(false);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('unrated-county-policy-desk');
      expect(points(r)).toEqual({
        clientScope: 35, // reachLocal 15 + industryBreadth 10×2 (cap 50) = 20 → 35
        clientVolume: 30, // clientsSmall 30 → 30
        staffSize: 20, // staff5 20 → 20
        financialCondition: 5, // cashFlow1 5 → 5
        operatingYears: 40, // years2 40 → 40
        infrastructure: 0, // no rule matches → 0
        demandResponse: 47.5, // response72h 10 + channels 5×2 (cap 20) = 10 + accuracy rating 3/5×25 = 15 + adaptability rating 2.5/5×25 = 12.5 → 47.5
        serviceCommunication: 27.5, // problemUnderstanding rating 3/5×25 = 15 + feedbackConfirmation rating 2.5/5×25 = 12.5 → 27.5
        resourceIntegration: 9, // partners 5×1 (cap 25) = 5 + resourceIdentification rating 2/5×10 = 4 → 9
        professionalCompetence: 26, // judgement rating 2.5/5×20 = 10 + ethics rating 4/5×20 = 16 → 26
        deliveryExecution: 10, // fulfilment90 10 → 10
        policyCompliance: 60.5, // regulatoryKnowledge rating 3.5/5×35 = 24.5 + policyTracking 15 + policyAdaptation rating 3/5×35 = 21 → 60.5
        institutionalSystems: 18.5, // systemCoverage 3×2 (cap 30) = 6 + systemExecution rating 2.5/5×25 = 12.5 → 18.5
        processStandardization: 30, // writtenProcesses 30 → 30
        serviceInnovation: 10.5, // processInnovation rating 1.5/5×35 = 10.5 → 10.5
        digitalCapability: 0, // no rule matches → 0
        continuousImprovement: 14, // problemIdentification rating 2/5×35 = 14 → 14
        teamBuilding: 37, // jobDescriptions 15 + turnover20 10 + training8 12 → 37
        clientSatisfaction: 35, // satisfaction70 35 → 35
        serviceValue: 30, // serviceValue rating 2.5/5×60 = 30 → 30
        honors: 0, // no rule matches → 0
      });
      expect(indicator(r, 'clientVolume').decidedBy.map((d) => [d.rule, d.points])).toEqual([['clientVolume.clientsSmall', 30]]);
      expect(indicator(r, 'deliveryExecution').decidedBy.map((d) => [d.rule, d.points])).toEqual([['deliveryExecution.fulfilment90', 10]]);
      expect(indicator(r, 'teamBuilding').decidedBy.map((d) => [d.rule, d.points])).toEqual([['teamBuilding.jobDescriptions', 15], ['teamBuilding.turnover20', 10], ['teamBuilding.training8', 12]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['aiUseCases', 'annualSystemReview', 'certifiedStaffRatio', 'complianceOfficer', 'crmSystem', 'currentRatio', 'dataManagementSystem', 'digitalMarketing', 'honours', 'improvementClosedLoop', 'internalCommunicationMechanism', 'iso9001Certified', 'newServiceProductsLast3Years', 'omnichannelService', 'onTimeDeliveryRate', 'onlineServicePlatform', 'operatingManuals', 'publicInterestServiceShare', 'publishedFeeSchedule', 'qualityAssuranceProcedure', 'ratingAdaptationToChange', 'ratingBusinessModelInnovation', 'ratingConflictManagement', 'ratingEmergencyHandling', 'ratingLearningInnovation', 'ratingResourceAllocation', 'ratingSynergy', 'ratingSystemDesign', 'ratingSystemStrategyAlignment', 'ratingTeamwork', 'ratingTrustBuilding', 'repeatClientRate', 'riskManagementPlan', 'serviceMatchmakingsLastYear', 'serviceQualityMonitoring', 'specialisedClientsCount', 'specialisedSmeServiceDesignation', 'standardsDrafted', 'strategicReserveRatio']);
    });
  });

  describe('vetoed-factoring: 商业保理公司 (professional)', () => {
    it('total 58.51, grade vetoed', async () => {
      const r = await evaluate('vetoed-factoring');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears met, soundFinancialManagement met
      expect(r.eligible).toBe(true);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual([]);
      expect(r.vetoed).toBe(true);
      expect(r.vetoes.map((v) => v.id)).toEqual(['seriousDishonestyRecord']);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×60 + 0.15×70 + 0.1×60 + 0.3×35 + 0.1×80 + 0.2×50 = 54; ×0.2 = 10.8
        foundation: { score: 54, contribution: 10.8 },
        // needsCommunication = 0.5×69.5 + 0.5×67.5 = 68.5; ×0.15 = 10.28
        needsCommunication: { score: 68.5, contribution: 10.28 },
        // execution = 0.3×72 + 0.35×60.5 + 0.35×52 = 60.98; ×0.2 = 12.2
        execution: { score: 60.98, contribution: 12.2 },
        // standardization = 0.4×68.5 + 0.3×60.5 + 0.3×70 = 66.55; ×0.2 = 13.31
        standardization: { score: 66.55, contribution: 13.31 },
        // sustainability = 0.25×59 + 0.25×50 + 0.25×72 + 0.25×52 = 58.25; ×0.1 = 5.83
        sustainability: { score: 58.25, contribution: 5.83 },
        // impact = 0.5×55 + 0.3×44 + 0.2×0 = 40.7; ×0.15 = 6.11
        impact: { score: 40.7, contribution: 6.11 },
      });
      // 10.8 + 10.28 + 12.2 + 13.31 + 5.83 + 6.11 = 58.51
      expect(r.baseTotal).toBe(58.51);
      // no bonus item matches
      expect(r.bonus.points).toBe(0);
      expect(r.bonus.items.map((i) => i.rule)).toEqual([]);
      // min(105, 58.51 + 0)
      expect(r.total).toBe(58.51);
      // veto seriousDishonestyRecord fires → vetoed (total still computed)
      expect(r.grade).toBe('vetoed');
      expect(r.passing).toBe(false);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('vetoed-factoring');
      expect(points(r)).toEqual({
        clientScope: 60, // reachProvince 30 + industryBreadth 10×3 (cap 50) = 30 → 60
        clientVolume: 70, // clientsMedium 50 + repeatMedium 20 → 70
        staffSize: 60, // staff20 40 + fullTime20 20 → 60
        financialCondition: 35, // revenue500 15 + liquidityAdequate 10 + cashFlow1 5 + reserveSome 5 → 35
        operatingYears: 80, // years6 80 → 80
        infrastructure: 50, // crm 25 + onlinePlatform 25 → 50
        demandResponse: 69.5, // response24h 22 + channels 5×3 (cap 20) = 15 + accuracy rating 3.5/5×25 = 17.5 + adaptability rating 3/5×25 = 15 → 69.5
        serviceCommunication: 67.5, // problemUnderstanding rating 3.5/5×25 = 17.5 + complaintProcedure 10 + conflictManagement rating 2.5/5×15 = 7.5 + feedbackConfirmation rating 3/5×25 = 15 + trustBuilding rating 2.5/5×15 = 7.5 + longTermClients 10 → 67.5
        resourceIntegration: 72, // partners 5×6 (cap 25) = 25 + resourceIdentification rating 3/5×10 = 6 + matchmaking30 14 + resourceAllocation rating 3/5×15 = 9 + synergy rating 3/5×30 = 18 → 72
        professionalCompetence: 60.5, // certified40 22 + judgement rating 3.5/5×20 = 14 + ethics rating 2/5×20 = 8 + teamwork rating 3.5/5×15 = 10.5 + learningInnovation rating 3/5×10 = 6 → 60.5
        deliveryExecution: 52, // fulfilment90 10 + onTime80 10 + qualityProcedure 10 + riskPlan 10 + emergencyHandling rating 3/5×20 = 12 → 52
        policyCompliance: 68.5, // complianceFunction 15 + regulatoryKnowledge rating 3/5×35 = 21 + policyTracking 15 + policyAdaptation rating 2.5/5×35 = 17.5 → 68.5
        institutionalSystems: 60.5, // systemCoverage 3×5 (cap 30) = 15 + systemDesign rating 3/5×10 = 6 + systemExecution rating 2.5/5×25 = 12.5 + annualReview 15 + strategyAlignment rating 3/5×20 = 12 → 60.5
        processStandardization: 70, // writtenProcesses 30 + operatingManuals 20 + qualityMonitoring 20 → 70
        serviceInnovation: 59, // processInnovation rating 3/5×35 = 21 + newServices 10×2 (cap 20) = 20 + businessModelInnovation rating 3/5×30 = 18 → 59
        digitalCapability: 50, // dataManagement 25 + online50 10 + onlinePlatform 10 + aiUseCases 5×1 (cap 25) = 5 → 50
        continuousImprovement: 72, // problemIdentification rating 3/5×35 = 21 + closedLoop 30 + adaptationToChange rating 3/5×35 = 21 → 72
        teamBuilding: 52, // jobDescriptions 15 + internalCommunication 25 + training8 12 → 52
        clientSatisfaction: 55, // satisfaction80 55 → 55
        serviceValue: 44, // serviceValue rating 3/5×60 = 36 + specialisedClients 4×2 (cap 40) = 8 → 44
        honors: 0, // no rule matches → 0
      });
      expect(indicator(r, 'financialCondition').decidedBy.map((d) => [d.rule, d.points])).toEqual([['financialCondition.revenue500', 15], ['financialCondition.liquidityAdequate', 10], ['financialCondition.cashFlow1', 5], ['financialCondition.reserveSome', 5]]);
      expect(indicator(r, 'deliveryExecution').decidedBy.map((d) => [d.rule, d.points])).toEqual([['deliveryExecution.fulfilment90', 10], ['deliveryExecution.onTime80', 10], ['deliveryExecution.qualityProcedure', 10], ['deliveryExecution.riskPlan', 10], ['deliveryExecution.emergencyHandling', 12]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['honours', 'publicInterestServiceShare', 'specialisedSmeServiceDesignation', 'standardsDrafted']);
    });
  });

  describe('not-eligible-it-startup: 成立一年半的信息化应用服务公司 (professional)', () => {
    it('total 54.12, grade notEligible', async () => {
      const r = await evaluate('not-eligible-it-startup');
      expect(r.category).toBe('professional');
      // prerequisites: independentLegalPerson met, minimumOperatingYears UNMET, soundFinancialManagement met
      expect(r.eligible).toBe(false);
      expect(r.unmetPrerequisites.map((p) => p.id)).toEqual(['minimumOperatingYears']);
      expect(r.vetoed).toBe(false);
      expect(r.vetoes.map((v) => v.id)).toEqual([]);
      expect(dimensions(r)).toEqual({
        // foundation = 0.15×45 + 0.15×40 + 0.1×60 + 0.3×23 + 0.1×0 + 0.2×60 = 37.65; ×0.2 = 7.53
        foundation: { score: 37.65, contribution: 7.53 },
        // needsCommunication = 0.5×82 + 0.5×65.5 = 73.75; ×0.15 = 11.06
        needsCommunication: { score: 73.75, contribution: 11.06 },
        // execution = 0.3×40 + 0.35×75 + 0.35×50 = 55.75; ×0.2 = 11.15
        execution: { score: 55.75, contribution: 11.15 },
        // standardization = 0.4×38.5 + 0.3×42 + 0.3×65 = 47.5; ×0.2 = 9.5
        standardization: { score: 47.5, contribution: 9.5 },
        // sustainability = 0.25×84 + 0.25×75 + 0.25×82.5 + 0.25×68 = 77.38; ×0.1 = 7.74
        sustainability: { score: 77.38, contribution: 7.74 },
        // impact = 0.5×70 + 0.3×42 + 0.2×0 = 47.6; ×0.15 = 7.14
        impact: { score: 47.6, contribution: 7.14 },
      });
      // 7.53 + 11.06 + 11.15 + 9.5 + 7.74 + 7.14 = 54.12
      expect(r.baseTotal).toBe(54.12);
      // no bonus item matches
      expect(r.bonus.points).toBe(0);
      expect(r.bonus.items.map((i) => i.rule)).toEqual([]);
      // min(105, 54.12 + 0)
      expect(r.total).toBe(54.12);
      // prerequisite minimumOperatingYears unmet → notEligible (total still computed)
      expect(r.grade).toBe('notEligible');
      expect(r.passing).toBe(false);
    });

    it('indicator points and the rules that decided them', async () => {
      const r = await evaluate('not-eligible-it-startup');
      expect(points(r)).toEqual({
        clientScope: 45, // reachLocal 15 + industryBreadth 10×3 (cap 50) = 30 → 45
        clientVolume: 40, // clientsSmall 30 + repeatLow 10 → 40
        staffSize: 60, // staff20 40 + fullTime20 20 → 60
        financialCondition: 23, // revenue100 5 + liquidityGood 18 → 23
        operatingYears: 0, // no rule matches → 0
        infrastructure: 60, // crm 25 + onlinePlatform 25 + intelligentCustomerService 10 → 60
        demandResponse: 82, // response24h 22 + channels 5×4 (cap 20) = 20 + accuracy rating 4/5×25 = 20 + adaptability rating 4/5×25 = 20 → 82
        serviceCommunication: 65.5, // problemUnderstanding rating 4/5×25 = 20 + complaintProcedure 10 + conflictManagement rating 3/5×15 = 9 + feedbackConfirmation rating 3.5/5×25 = 17.5 + trustBuilding rating 3/5×15 = 9 → 65.5
        resourceIntegration: 40, // partners 5×2 (cap 25) = 10 + resourceIdentification rating 3/5×10 = 6 + resourceAllocation rating 3/5×15 = 9 + synergy rating 2.5/5×30 = 15 → 40
        professionalCompetence: 75, // certified40 22 + judgement rating 4/5×20 = 16 + ethics rating 4/5×20 = 16 + teamwork rating 4/5×15 = 12 + learningInnovation rating 4.5/5×10 = 9 → 75
        deliveryExecution: 50, // fulfilment95 18 + onTime80 10 + qualityProcedure 10 + emergencyHandling rating 3/5×20 = 12 → 50
        policyCompliance: 38.5, // regulatoryKnowledge rating 2.5/5×35 = 17.5 + policyAdaptation rating 3/5×35 = 21 → 38.5
        institutionalSystems: 42, // systemCoverage 3×3 (cap 30) = 9 + systemDesign rating 3/5×10 = 6 + systemExecution rating 3/5×25 = 15 + strategyAlignment rating 3/5×20 = 12 → 42
        processStandardization: 65, // writtenProcesses 30 + operatingManuals 20 + feeSchedule 15 → 65
        serviceInnovation: 84, // omnichannel 15 + processInnovation rating 4/5×35 = 28 + newServices 10×2 (cap 20) = 20 + businessModelInnovation rating 3.5/5×30 = 21 → 84
        digitalCapability: 75, // dataManagement 25 + digitalMarketing 15 + online80 15 + onlinePlatform 10 + aiUseCases 5×2 (cap 25) = 10 → 75
        continuousImprovement: 82.5, // problemIdentification rating 3.5/5×35 = 24.5 + closedLoop 30 + adaptationToChange rating 4/5×35 = 28 → 82.5
        teamBuilding: 68, // jobDescriptions 15 + internalCommunication 25 + training24 28 → 68
        clientSatisfaction: 70, // satisfaction85 70 → 70
        serviceValue: 42, // serviceValue rating 3.5/5×60 = 42 → 42
        honors: 0, // no rule matches → 0
      });
      expect(indicator(r, 'operatingYears').decidedBy.map((d) => [d.rule, d.points])).toEqual([]);
      expect(indicator(r, 'financialCondition').decidedBy.map((d) => [d.rule, d.points])).toEqual([['financialCondition.revenue100', 5], ['financialCondition.liquidityGood', 18]]);
      expect(indicator(r, 'digitalCapability').decidedBy.map((d) => [d.rule, d.points])).toEqual([['digitalCapability.dataManagement', 25], ['digitalCapability.digitalMarketing', 15], ['digitalCapability.online80', 15], ['digitalCapability.onlinePlatform', 10], ['digitalCapability.aiUseCases', 10]]);
      // absent optional facts the rules read: reported as missing evidence
      expect(r.missingEvidence.map((m) => m.fact).sort()).toEqual(['honours', 'publicInterestServiceShare', 'specialisedClientsCount', 'specialisedSmeServiceDesignation', 'standardsDrafted', 'strategicReserveRatio']);
    });
  });
});
