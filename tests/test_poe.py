"""PoE budgets: who draws from which switch, by IEEE class, and what is left (cabling.analysis.poe).

The site is tests/data/impact/small.yaml (its header says what each part is for).
"""
from __future__ import annotations


import pytest

from cabling.readers.loader import load
from conftest import SMALL_SITE
from cabling.analysis.poe import poe_report
from cabling.standards import POE_CLASS_PSE_W, POE_STANDARDS

SMALL = SMALL_SITE


@pytest.fixture(scope="module")
def inv(small_site):
    return small_site


@pytest.fixture(scope="module")
def report(inv):
    return poe_report(inv)


def _switch(inv, report, name):
    return report.switch(inv.sites["small"].devices[name])


def _pd(report, name):
    return next(pd for pd in report.devices if pd.device.id == name)


def test_each_powered_device_is_traced_through_outlet_and_panel_to_its_switch_port(inv, report):
    ph1 = _pd(report, "PH1")
    assert inv.ref(ph1.switch_port) == "SW1:Gi1/0/1"
    assert [c.id for c in ph1.path.cables] == ["W1-1", "H1-1", "P1-1"]
    assert inv.ref(_pd(report, "AP1").switch_port) == "SW1:Gi1/0/2"
    assert inv.ref(_pd(report, "PH2").switch_port) == "SW2:Gi1/0/1"


def test_draw_is_the_class_power_at_the_switch_port(report):
    assert (_pd(report, "PH1").poe_class, _pd(report, "PH1").draw_w) == (2, POE_CLASS_PSE_W[2])
    assert (_pd(report, "AP1").poe_class, _pd(report, "AP1").draw_w) == (4, POE_CLASS_PSE_W[4])


def test_the_site_files_class_overrides_the_models(report):
    cam1 = _pd(report, "CAM1")  # camera model says class 3; the site says 5
    assert (cam1.poe_class, cam1.draw_w) == (5, POE_CLASS_PSE_W[5])


def test_budget_sum_and_remaining_per_switch(inv, report):
    sw1 = _switch(inv, report, "SW1")
    assert sw1.budget_w == 60  # the site's poe_budget_w overrides the model's 370 W
    assert sorted(pd.device.id for pd in sw1.powered) == ["AP1", "CAM1", "PH1"]
    expected = POE_CLASS_PSE_W[2] + POE_CLASS_PSE_W[4] + POE_CLASS_PSE_W[5]
    assert sw1.drawn_w == pytest.approx(expected)
    assert sw1.remaining_w == pytest.approx(60 - expected) and sw1.remaining_w < 0
    assert sw1.over_budget
    sw2 = _switch(inv, report, "SW2")
    assert sw2.budget_w == 370 and not sw2.over_budget
    assert sw2.remaining_w == pytest.approx(370 - 2 * POE_CLASS_PSE_W[2])


def test_a_class_the_port_cannot_give_is_not_enough(report):
    cam1 = _pd(report, "CAM1")
    assert cam1.gives_poe and cam1.supply.max_w == POE_STANDARDS["802.3at"][1]
    assert cam1.enough is False
    assert _pd(report, "AP1").enough is True


def test_a_powered_device_on_a_port_without_poe_is_unpowered(inv, report):
    cam2 = _pd(report, "CAM2")
    assert inv.ref(cam2.switch_port) == "RTR1:Gi0/0/2"
    assert not cam2.gives_poe and cam2.enough is False
    assert [pd.device.id for pd in report.unpowered] == ["CAM2"]
    assert report.switch(cam2.switch) is None  # a router gives no PoE, has no budget


def test_a_planned_cable_keeps_the_design_load_but_says_inactive(inv, report):
    ph3 = _pd(report, "PH3")
    assert ph3.gives_poe and not ph3.active
    assert ph3 in _switch(inv, report, "SW2").powered


def test_poe_ports_give_their_type_and_highest_class(inv, report):
    sw1 = _switch(inv, report, "SW1")
    assert len(sw1.ports) == 24  # Gi1/0/1-24 are PoE+, the SFP+ uplinks give none
    gi1 = sw1.ports[0]
    assert (gi1.poe_type, gi1.standard, gi1.ieee_type, gi1.max_class) == ("type2-ieee802.3at", "802.3at", 2, 4)
    assert gi1.load is _pd(report, "PH1")
    # free PoE ports: the 24 minus the three powered ones and the router's Gi1/0/24
    assert len(sw1.free_poe_ports) == 20


def test_report_json_names_ports_and_devices(inv, report):
    data = report.to_json(inv)
    sw1 = next(s for s in data["switches"] if s["switch"] == "SW1")
    assert sw1["over_budget"] is True and sw1["budget_w"] == 60
    assert {"device": "CAM1", "switch_port": "SW1:Gi1/0/3", "enough": False}.items() <= \
        next(p for p in sw1["powered"] if p["device"] == "CAM1").items()
    assert [p["device"] for p in data["unpowered"]] == ["CAM2"]


def test_a_powered_device_with_no_class_draws_as_class_0(tmp_path):
    model = tmp_path / "models" / "sensor.yaml"
    model.parent.mkdir()
    model.write_text("manufacturer: Test\nmodel: Sensor\nslug: test-sensor\nu_height: 0\nrole: other\n"
                     "interfaces:\n- {name: ETH, type: 100base-tx, poe_mode: pd}\n")
    site = tmp_path / "s.yaml"
    site.write_text("site: {id: s}\nmodels: [models]\ndevices:\n"
                    "  - {id: SW, model: cabling-switch-24-poe}\n  - {id: S1, model: test-sensor}\n"
                    "cables:\n  - {id: C1, a: 'S1:ETH', b: 'SW:Gi1/0/5'}\n")
    r = poe_report(load(site))
    (pd,) = r.devices
    assert (pd.poe_class, pd.class_given, pd.draw_w) == (0, False, POE_CLASS_PSE_W[0])
    assert r.switches[0].drawn_w == POE_CLASS_PSE_W[0]


def test_a_dropped_report_is_freed_at_once_without_the_cyclic_collector(inv):
    # a campus's report holds the traced path of every powered device: it must not wait for a
    # garbage collection (which a fault scan, pausing the collector, would pay for on its way out)
    import gc

    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        report = poe_report(inv)
        pd = _pd(report, "PH1")
        assert pd.supply.load is pd  # the port knows what it powers
        del report, pd
        assert gc.collect() == 0  # nothing was left in a reference cycle
    finally:
        if enabled:
            gc.enable()
