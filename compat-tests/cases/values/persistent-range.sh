# desc: -p timeout range 1..2678400 and strtol rules: 0, 2678401, 1x, -0 rejected; 1, 2678400 accepted
ipvsadm -A -t 10.0.0.100:80 -p 0
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -p 2678401
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 -p 1x
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:80 --persistent=-0
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:81 -p 1
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:82 -p 2678400
echo "rc=$?"
ipvsadm -A -t 10.0.0.100:83 --persistent=" 30"
echo "rc=$?"
ipvsadm -Ln
