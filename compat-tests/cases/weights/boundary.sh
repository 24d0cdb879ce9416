# desc: weights 0, 1, 65535, 65536, 2147483647 accepted; listed in default, --persistent-conn and --tun-info layouts (wide values shift columns) and saved
ipvsadm -A -t 10.0.0.100:80 -s wrr
for w in 0 1 65535 65536 2147483647; do
  ipvsadm -a -t 10.0.0.100:80 -r 10.0.0.$((w % 200 + 2)):80 -m -w $w
  echo "w=$w rc=$?"
done
ipvsadm -Ln
ipvsadm -Ln --persistent-conn
ipvsadm -Ln --tun-info
ipvsadm -Sn
