from geomap.border import border_km


def test_distance_to_the_russia_ukraine_border_on_either_side():
    # Kozinka lies on the border; Belgorod and Kharkiv ~30 km from it; Kyiv and Moscow far inland.
    kozinka, belgorod, kharkiv, kyiv, moscow = border_km([50.4547, 50.5958, 49.9935, 50.45, 55.75],
                                                         [35.9075, 36.5873, 36.2304, 30.52, 37.62])
    assert kozinka < 3
    assert 25 < belgorod < 40 and 25 < kharkiv < 40
    assert 180 < kyiv < 230 and 400 < moscow < 500
    assert border_km([], []) == []
